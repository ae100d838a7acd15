import type { PropsWithChildren } from 'react';
import './app.css';

/** The app shell; pages render as its children. */
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
