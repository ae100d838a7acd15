package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
)

// FerretDB v1 runs a conditional update (update, findAndModify) as a read followed by a separate write,
// so two clients racing on one document can both "win" (lost updates; see docs/database.md). MongoDB
// guarantees single-document atomicity, and the application relies on it for its guards, counters and
// leases. This proxy restores it for the embedded server: every command that may write runs alone,
// while reads pass through concurrently.
var writeLock sync.RWMutex

// Commands that only read; everything else takes the exclusive lock.
var readOnly = map[string]bool{
	"find": true, "getMore": true, "count": true, "aggregate": true, "distinct": true,
	"listCollections": true, "listIndexes": true, "listDatabases": true, "collStats": true, "dbStats": true,
	"hello": true, "isMaster": true, "ismaster": true, "ping": true, "buildInfo": true, "buildinfo": true,
	"getParameter": true, "getLog": true, "hostInfo": true, "connectionStatus": true, "serverStatus": true,
	"whatsmyuri": true, "getCmdLineOpts": true, "endSessions": true, "killCursors": true, "saslStart": true,
	"saslContinue": true, "explain": true, "validate": true, "dataSize": true,
}

const opMsg = 2013

// readMessage reads one MongoDB wire-protocol message (16-byte header included).
func readMessage(r io.Reader) ([]byte, error) {
	var header [4]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := int(binary.LittleEndian.Uint32(header[:]))
	if size < 16 || size > 48*1024*1024 {
		return nil, errors.New("bad message size")
	}
	msg := make([]byte, size)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[4:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// commandName returns the first key of an OP_MSG's body section, and whether the client expects no reply.
func commandName(msg []byte) (string, bool) {
	if len(msg) < 26 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return "", false
	}
	flags := binary.LittleEndian.Uint32(msg[16:20])
	moreToCome := flags&2 != 0
	// Sections start after the flags; the body (kind 0) is a BSON document: int32 length, then elements.
	if msg[20] != 0 {
		return "", moreToCome
	}
	elem := msg[25:] // skip kind byte and the document's int32 length, then the element type byte
	end := bytes.IndexByte(elem[1:], 0)
	if end < 0 {
		return "", moreToCome
	}
	return string(elem[1 : 1+end]), moreToCome
}

// serve accepts clients on l and relays each to FerretDB at backend, one command at a time per connection.
func serve(l net.Listener, backend string, logger *slog.Logger) {
	for {
		client, err := l.Accept()
		if err != nil {
			return
		}
		go relay(client, backend, logger)
	}
}

func relay(client net.Conn, backend string, logger *slog.Logger) {
	defer client.Close()
	server, err := net.Dial("tcp", backend)
	if err != nil {
		logger.Error("cannot reach FerretDB", "err", err)
		return
	}
	defer server.Close()
	for {
		req, err := readMessage(client)
		if err != nil {
			return
		}
		name, noReply := commandName(req)
		exclusive := !readOnly[name]
		if exclusive {
			writeLock.Lock()
		} else {
			writeLock.RLock()
		}
		var resp []byte
		if _, err = server.Write(req); err == nil && !noReply {
			resp, err = readMessage(server)
		}
		if exclusive {
			writeLock.Unlock()
		} else {
			writeLock.RUnlock()
		}
		if err != nil {
			return
		}
		if resp != nil {
			if _, err := client.Write(resp); err != nil {
				return
			}
		}
	}
}
