package graph

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// liveSockets notices WebSocket clients that vanished (a phone that lost
// its network, a laptop closed mid-session) without a goroutine per
// connection: gqlgen's own ping keeps one goroutine and one ticker per
// socket, a tenth of what a subscriber costs. One sweeper looks at every
// graphql-transport-ws socket each interval; a client that sent nothing for
// an interval is pinged (it answers with a pong, which counts as reading),
// and one that sent nothing for two and a half intervals is closed. The
// legacy graphql-ws protocol has no client pong; gqlgen's keep-alive
// messages serve it.
type liveSockets struct {
	impl     transport.WebsocketImplementation
	interval time.Duration

	mu       sync.Mutex
	conns    map[*liveConn]struct{}
	sweeping bool
}

var _ transport.WebsocketImplementation = (*liveSockets)(nil)

func newLiveSockets(impl transport.WebsocketImplementation, interval time.Duration) *liveSockets {
	return &liveSockets{impl: impl, interval: interval, conns: map[*liveConn]struct{}{}}
}

// Accept implements transport.WebsocketImplementation.
func (l *liveSockets) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	inner, err := l.impl.Accept(w, r, o)
	if err != nil {
		return nil, err
	}
	c := &liveConn{WebsocketConn: inner, owner: l}
	c.lastRead.Store(time.Now().UnixNano())
	if inner.Subprotocol() != "graphql-transport-ws" {
		return c, nil
	}
	l.mu.Lock()
	l.conns[c] = struct{}{}
	if !l.sweeping {
		l.sweeping = true
		go l.sweep()
	}
	l.mu.Unlock()
	return c, nil
}

// sweep runs while there are sockets to watch.
func (l *liveSockets) sweep() {
	t := time.NewTicker(l.interval / 2)
	defer t.Stop()
	for range t.C {
		now := time.Now().UnixNano()
		l.mu.Lock()
		if len(l.conns) == 0 {
			l.sweeping = false
			l.mu.Unlock()
			return
		}
		var ping, drop []*liveConn
		for c := range l.conns {
			switch idle := time.Duration(now - c.lastRead.Load()); {
			case idle >= l.interval*5/2:
				drop = append(drop, c)
			case idle >= l.interval:
				ping = append(ping, c)
			}
		}
		l.mu.Unlock()
		for _, c := range drop {
			_ = c.Close() // its reader fails and gqlgen ends the connection
		}
		for _, c := range ping {
			if c.pinging.CompareAndSwap(false, true) {
				// A write to a dead peer can block until its buffer
				// drains; it ends when the socket is closed.
				go func() {
					defer c.pinging.Store(false)
					_ = c.WriteJSON(map[string]string{"type": "ping"})
				}()
			}
		}
	}
}

func (l *liveSockets) forget(c *liveConn) {
	l.mu.Lock()
	delete(l.conns, c)
	l.mu.Unlock()
}

// liveConn is a socket whose reads are timed.
type liveConn struct {
	transport.WebsocketConn
	owner    *liveSockets
	lastRead atomic.Int64 // Unix nanoseconds
	pinging  atomic.Bool
}

var (
	_ transport.WebsocketReadLimiter   = (*liveConn)(nil)
	_ transport.WebsocketReadDeadliner = (*liveConn)(nil)
)

// NextReader records that the client is alive.
func (c *liveConn) NextReader() (int, io.Reader, error) {
	t, r, err := c.WebsocketConn.NextReader()
	if err == nil {
		c.lastRead.Store(time.Now().UnixNano())
	}
	return t, r, err
}

// Close stops watching the socket and closes it.
func (c *liveConn) Close() error {
	c.owner.forget(c)
	return c.WebsocketConn.Close()
}

// SetReadLimit passes through to the socket (gqlgen looks for it).
func (c *liveConn) SetReadLimit(limit int64) {
	if rl, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		rl.SetReadLimit(limit)
	}
}

// SetReadDeadline passes through to the socket (gqlgen looks for it).
func (c *liveConn) SetReadDeadline(t time.Time) error {
	if rd, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return rd.SetReadDeadline(t)
	}
	return nil
}
