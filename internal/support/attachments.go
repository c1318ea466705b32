package support

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of photos
	_ "image/png"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/ticketattachment"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// AttachmentTypes are the photo formats accepted, by sniffed content (the
// name and the declared type are not trusted).
var AttachmentTypes = []string{"image/jpeg", "image/png", "image/webp"}

// maxPixels refuses decompression bombs before anyone's browser meets them.
const maxPixels = 50_000_000

// photo sniffs data: its content type, extension and dimensions.
func photo(data []byte) (ct, ext string, w, h int, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		ct, ext = "image/jpeg", ".jpg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		ct, ext = "image/png", ".png"
	case len(data) >= 30 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		w, h, ok = webpSize(data)
		return "image/webp", ".webp", w, h, ok
	default:
		return "", "", 0, 0, false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", "", 0, 0, false
	}
	return ct, ext, cfg.Width, cfg.Height, true
}

// webpSize reads the canvas size of a WebP file (VP8, VP8L or VP8X).
func webpSize(d []byte) (int, int, bool) {
	switch string(d[12:16]) {
	case "VP8X":
		w := 1 + int(d[24]) | int(d[25])<<8 | int(d[26])<<16
		h := 1 + int(d[27]) | int(d[28])<<8 | int(d[29])<<16
		return w, h, true
	case "VP8L":
		if d[20] != 0x2f {
			return 0, 0, false
		}
		b := binary.LittleEndian.Uint32(d[21:25])
		return int(b&0x3fff) + 1, int(b>>14&0x3fff) + 1, true
	case "VP8 ":
		if d[23] != 0x9d || d[24] != 0x01 || d[25] != 0x2a {
			return 0, 0, false
		}
		return int(binary.LittleEndian.Uint16(d[26:28]) & 0x3fff), int(binary.LittleEndian.Uint16(d[28:30]) & 0x3fff), true
	}
	return 0, 0, false
}

// cleanName keeps a safe display name: no path, no control characters, at
// most 120 characters, with the extension of the sniffed type.
func cleanName(name, ext string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`"<>:|?*/`, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.TrimSuffix(name, path.Ext(name)))
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	if name == "" || name == "." {
		name = "photo"
	}
	return name + ext
}

// AddAttachment stores a photo on a ticket: the customer on their own, or
// an agent (SERVICE_TICKETS). Only JPEG, PNG and WebP photos up to
// MaxAttachmentBytes are kept, recognized by their content.
func (s *Service) AddAttachment(ctx context.Context, ticketID pulid.ID, filename string, data []byte) (*ent.TicketAttachment, error) {
	const op = "support.AddAttachment"
	if err := gate(ctx); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, invalid(op, "EMPTY_FILE", "The file is empty.", "input", "data")
	}
	if len(data) > s.opts.MaxAttachmentBytes {
		e := invalid(op, "FILE_TOO_LARGE", fmt.Sprintf("A photo is at most %d MB.", s.opts.MaxAttachmentBytes>>20), "input", "data")
		e.Details = map[string]any{"maxBytes": s.opts.MaxAttachmentBytes}
		return nil, e
	}
	ct, ext, w, h, ok := photo(data)
	if !ok {
		e := invalid(op, "UNSUPPORTED_TYPE", "Upload a JPEG, PNG or WebP photo.", "input", "data")
		e.Details = map[string]any{"accepted": AttachmentTypes}
		return nil, e
	}
	if w <= 0 || h <= 0 || w*h > maxPixels {
		return nil, invalid(op, "IMAGE_TOO_LARGE", "The photo has too many pixels.", "input", "data")
	}
	sum := sha256.Sum256(data)
	var out *ent.TicketAttachment
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		t, err := s.load(ctx, db, op, ticketID, "input", "ticketId")
		if err != nil {
			return err
		}
		if err := writable(op, t); err != nil {
			return err
		}
		n, err := db.TicketAttachment.Query().Where(ticketattachment.TicketID(t.ID)).Count(sys)
		if err != nil {
			return err
		}
		if n >= s.opts.MaxAttachments {
			return conflict(op, "TOO_MANY_ATTACHMENTS", fmt.Sprintf("A ticket holds at most %d photos.", s.opts.MaxAttachments))
		}
		name := cleanName(filename, ext)
		out, err = db.TicketAttachment.Create().SetTicketID(t.ID).SetNillableCustomerID(t.CustomerID).SetFilename(name).
			SetContentType(ct).SetSizeBytes(len(data)).SetWidth(w).SetHeight(h).SetSha256(hex.EncodeToString(sum[:])).
			SetUploadedBy(actorOf(ctx)).SetCreatedAt(s.now()).Save(sys)
		if err != nil {
			return err
		}
		if err := db.AttachmentBlob.Create().SetData(data).SetAttachment(out).Exec(sys); err != nil {
			return err
		}
		if err := s.event(ctx, db, t.ID, ticketevent.KindATTACHMENT, "", string(out.ID), name); err != nil {
			return err
		}
		if err := db.Ticket.UpdateOneID(t.ID).SetLastMessageAt(s.now()).Exec(sys); err != nil {
			return err
		}
		return s.ticketChanged(ctx, t.ID)
	})
	return out, finish(op, err)
}

// AttachmentURL is where an attachment is downloaded.
func AttachmentURL(id pulid.ID) string { return "/attachments/" + url.PathEscape(string(id)) }

// AttachmentHandler serves GET /attachments/{id} to those who may see the
// ticket (the request's viewer, set by httpauth): the customer and agents.
// Anyone else gets 404, an anonymous caller 401.
func (s *Service) AttachmentHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ctx := r.Context()
		if viewer.FromContext(ctx).Anonymous() {
			http.Error(w, "sign in first", http.StatusUnauthorized)
			return
		}
		id := pulid.ID(r.PathValue("id"))
		a, err := s.client.TicketAttachment.Get(ctx, id)
		if err != nil {
			if !ent.IsNotFound(err) {
				s.log.Warn("support: reading an attachment", "error", err)
			}
			http.NotFound(w, r)
			return
		}
		blob, err := a.QueryBlob().Only(viewer.SystemContext(ctx))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.ContentType)
		h.Set("Content-Length", fmt.Sprint(len(blob.Data)))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cache-Control", "private, max-age=300")
		h.Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(a.Filename))
		h.Set("ETag", `"`+a.Sha256+`"`)
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(blob.Data)
	})
}
