package gqltest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

// The two WebSocket subprotocols Waybill speaks.
const (
	TransportWS = "graphql-transport-ws" // the current protocol (graphql-ws library)
	LegacyWS    = "graphql-ws"           // subscriptions-transport-ws, for old clients
)

// Subscription is an open GraphQL subscription.
type Subscription struct {
	Next   <-chan json.RawMessage // each "next"/"data" payload's data
	Errors <-chan json.RawMessage // "error" payloads
	conn   *websocket.Conn
}

// Close ends the subscription and the connection.
func (s *Subscription) Close() { s.conn.Close(websocket.StatusNormalClosure, "") }

// Subscribe opens a WebSocket to httpURL (http:// is turned into ws://)
// with protocol, sends connection_init with initPayload, and subscribes.
func Subscribe(t testing.TB, ctx context.Context, httpURL, protocol string, header http.Header,
	initPayload map[string]any, query string, vars map[string]any) (*Subscription, error) {
	t.Helper()
	url := "ws" + strings.TrimPrefix(httpURL, "http")
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{protocol}, HTTPHeader: header})
	if err != nil {
		return nil, err
	}
	if conn.Subprotocol() != protocol {
		conn.Close(websocket.StatusProtocolError, "")
		return nil, fmt.Errorf("server chose subprotocol %q", conn.Subprotocol())
	}
	if initPayload == nil {
		initPayload = map[string]any{}
	}
	if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": initPayload}); err != nil {
		return nil, err
	}
	for {
		var msg struct {
			Type    string          `json:"type"`
			Payload json.RawMessage `json:"payload"`
		}
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			return nil, err
		}
		if msg.Type == "connection_ack" {
			break
		}
		if msg.Type == "connection_error" || msg.Type == "error" {
			conn.Close(websocket.StatusNormalClosure, "")
			return nil, fmt.Errorf("connection refused: %s", msg.Payload)
		}
	}
	start := "subscribe"
	if protocol == LegacyWS {
		start = "start"
	}
	if err := wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": start,
		"payload": map[string]any{"query": query, "variables": vars}}); err != nil {
		return nil, err
	}
	next := make(chan json.RawMessage, 16)
	errc := make(chan json.RawMessage, 4)
	go func() {
		defer close(next)
		for {
			var msg struct {
				Type    string          `json:"type"`
				Payload json.RawMessage `json:"payload"`
			}
			if err := wsjson.Read(ctx, conn, &msg); err != nil {
				return
			}
			switch msg.Type {
			case "next", "data":
				var p struct {
					Data   json.RawMessage `json:"data"`
					Errors json.RawMessage `json:"errors"`
				}
				_ = json.Unmarshal(msg.Payload, &p)
				if len(p.Errors) > 0 && string(p.Errors) != "null" {
					errc <- p.Errors
					continue
				}
				next <- p.Data
			case "error":
				errc <- msg.Payload
			case "ping":
				_ = wsjson.Write(ctx, conn, map[string]any{"type": "pong"})
			case "complete":
				return
			}
		}
	}()
	return &Subscription{Next: next, Errors: errc, conn: conn}, nil
}
