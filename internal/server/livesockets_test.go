package server_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
)

// TestSilentSocketsAreDropped: a graphql-transport-ws client that answers
// the server's pings keeps its subscription; one that went silent (a phone
// that lost its network) is closed after 2.5 ping intervals.
func TestSilentSocketsAreDropped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: seedNow}); err != nil {
			t.Fatal(err)
		}
		cfg := server.DefaultConfig()
		cfg.SocketPingInterval = 200 * time.Millisecond
		srv, err := server.New(cfg, db, slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})))
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		wsURL := "ws" + strings.TrimPrefix(ts.URL, "http") + "/graphql"

		// A client that answers pings (gqltest does) stays.
		alive, err := gqltest.Subscribe(t, ctx, ts.URL+"/graphql", gqltest.TransportWS, nil, nil, resumeSub,
			map[string]any{"n": seed.DemoTrackingNumber})
		if err != nil {
			t.Fatal(err)
		}
		defer alive.Close()
		recv(t, ctx, alive)

		// A client that reads but never writes after the handshake: it sees
		// the server's pings, then the server closes the socket.
		conn, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = conn.CloseNow() }()
		if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init"}); err != nil {
			t.Fatal(err)
		}
		pings := 0
		closedAfter := time.Duration(0)
		start := time.Now()
		for {
			var msg struct{ Type string }
			if err := wsjson.Read(ctx, conn, &msg); err != nil {
				closedAfter = time.Since(start)
				break
			}
			if msg.Type == "ping" {
				pings++
			}
		}
		if pings == 0 || closedAfter == 0 || ctx.Err() != nil {
			t.Fatalf("silent client: %d pings, closed after %v (ctx %v)", pings, closedAfter, ctx.Err())
		}

		// The answering client is still subscribed and served.
		res := alive.Errors
		select {
		case e := <-res:
			t.Fatalf("live client got an error: %s", e)
		case m, ok := <-alive.Next:
			if !ok {
				t.Fatal("the live client's subscription ended")
			}
			_ = m
		case <-time.After(300 * time.Millisecond):
		}
	})
}
