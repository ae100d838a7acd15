package main

import (
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
)

// FerretDB v1 runs a conditional update (update, findAndModify) as a read followed by a separate write,
// so two clients racing on one document can both "win" (lost updates; see docs/database.md). MongoDB
// guarantees single-document atomicity, and the application relies on it for its guards, counters and
// leases. This proxy restores it for the embedded server: the commands that may write to one collection run
// one at a time, while writes to other collections and every read go on concurrently.

// Commands that only read: they pass without a lock (SQLite's WAL gives each a consistent snapshot).
var readOnly = map[string]bool{
	"find": true, "getMore": true, "count": true, "aggregate": true, "distinct": true,
	"listCollections": true, "listIndexes": true, "listDatabases": true, "collStats": true, "dbStats": true,
	"hello": true, "isMaster": true, "ismaster": true, "ping": true, "buildInfo": true, "buildinfo": true,
	"getParameter": true, "getLog": true, "hostInfo": true, "connectionStatus": true, "serverStatus": true,
	"whatsmyuri": true, "getCmdLineOpts": true, "endSessions": true, "killCursors": true, "saslStart": true,
	"saslContinue": true, "explain": true, "validate": true, "dataSize": true,
}

// locks serialises writers per collection; a command that names no collection (dropDatabase, …) excludes all.
type locks struct {
	all   sync.RWMutex
	m     sync.Mutex
	colls map[string]*sync.Mutex
}

func (l *locks) collection(ns string) *sync.Mutex {
	l.m.Lock()
	defer l.m.Unlock()
	if l.colls == nil {
		l.colls = map[string]*sync.Mutex{}
	}
	mu := l.colls[ns]
	if mu == nil {
		mu = new(sync.Mutex)
		l.colls[ns] = mu
	}
	return mu
}

// acquire takes what a command needs and returns how to release it.
func (l *locks) acquire(c command) func() {
	switch {
	case readOnly[c.name]:
		return func() {}
	case c.collection == "":
		l.all.Lock()
		return l.all.Unlock
	default:
		l.all.RLock()
		mu := l.collection(c.db + "." + c.collection)
		mu.Lock()
		return func() {
			mu.Unlock()
			l.all.RUnlock()
		}
	}
}

var writeLocks locks

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

// command is what the proxy needs to know of one request.
type command struct {
	name       string
	db         string
	collection string // the first element's value when it is a string (insert, update, findAndModify, …)
	noReply    bool
}

// parseCommand reads the body section of an OP_MSG. Anything it cannot read is a command without a name,
// which takes the exclusive lock.
func parseCommand(msg []byte) command {
	if len(msg) < 26 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return command{}
	}
	c := command{noReply: binary.LittleEndian.Uint32(msg[16:20])&2 != 0}
	// Sections start after the flags; the body (kind 0) is a BSON document.
	if msg[20] != 0 {
		return c
	}
	size := int(binary.LittleEndian.Uint32(msg[21:25]))
	if size < 5 || 21+size > len(msg) {
		return c
	}
	body := bson.Raw(msg[21 : 21+size])
	elems, err := body.Elements()
	if err != nil || len(elems) == 0 {
		return c
	}
	c.name = elems[0].Key()
	c.collection, _ = elems[0].Value().StringValueOK()
	c.db, _ = body.Lookup("$db").StringValueOK()
	return c
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
		cmd := parseCommand(req)
		release := writeLocks.acquire(cmd)
		var resp []byte
		if _, err = server.Write(req); err == nil && !cmd.noReply {
			resp, err = readMessage(server)
		}
		release()
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
