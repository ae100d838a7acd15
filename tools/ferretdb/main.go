// Command ferretdb-embedded serves a MongoDB-wire-protocol database (FerretDB with its
// pure-Go SQLite backend) for development and tests, so a fresh machine needs no MongoDB.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	dataDir := flag.String("data", "data/ferretdb", "directory for the SQLite database files")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	stdinLifeline := flag.Bool("exit-on-stdin-eof", false, "stop when stdin closes: the parent that holds the pipe has gone, however it died")
	flag.Parse()

	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("bad data directory: %v", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		fail("cannot create data directory %s: %v", abs, err)
	}

	// One server per data directory: two would write the same SQLite files behind each other's caches.
	lock, err := os.OpenFile(filepath.Join(abs, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		fail("cannot open lock file in %s: %v", abs, err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(filepath.Join(abs, ".lock"))
		fail("data directory %s is in use by another database process (pid %s); stop it first", abs, string(holder))
	}
	_ = lock.Truncate(0)
	_, _ = lock.WriteAt([]byte(fmt.Sprint(os.Getpid())), 0)

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad log level %q", *logLevel)
	}
	// Logs go to stderr so that stdout carries only the machine-readable ready line.
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// FerretDB itself listens on a private port; clients reach it through the serializing proxy (serialize.go).
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if *stdinLifeline {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	// MongoDBURI blocks until the listener is bound, so the port is known here.
	backend, err := url.Parse(f.MongoDBURI())
	if err != nil {
		fail("bad FerretDB address: %v", err)
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		fail("cannot listen on %s: %v", *listen, err)
	}
	go serve(l, backend.Host, logger)
	go func() {
		<-ctx.Done()
		l.Close()
	}()

	ready, _ := json.Marshal(map[string]string{"ready": "ferretdb", "uri": "mongodb://" + l.Addr().String() + "/", "data": abs})
	fmt.Println(string(ready))

	<-done
	// The lock lives as long as the process: without this the garbage collector may finalize the file, closing it and
	// releasing the flock while the server still runs (a second process could then open the same data directory).
	runtime.KeepAlive(lock)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-embedded: "+format+"\n", args...)
	os.Exit(1)
}
