// Package frontend embeds the built single-page app (frontend/dist) into the
// waybill binary. dist/.gitkeep is committed so the embed compiles on a fresh
// clone before the app was ever built.
package frontend

import "embed"

// Dist is the built app; its root is "dist".
//
//go:embed all:dist
var Dist embed.FS
