// Package geo knows the Chinese cities Waybill ships between: their names in
// Chinese and English, province, coordinates and postal-code prefixes, and the
// great-circle distance between two points.
//
// The table is Go source on purpose: it is small, reviewed by hand and needs
// no file at run time. Coordinates are the city centre (the city government
// or the historic centre), to four decimals (about 10 m).
package geo

import (
	"math"
	"strings"
)

// EarthRadiusKm is the mean Earth radius (IUGG) used by Distance.
const EarthRadiusKm = 6371.0088

// Point is a position in decimal degrees (WGS-84).
type Point struct {
	Lat float64
	Lng float64
}

// DistanceTo returns the great-circle distance from p to q in kilometres.
func (p Point) DistanceTo(q Point) float64 { return Distance(p.Lat, p.Lng, q.Lat, q.Lng) }

// City is one Chinese city.
type City struct {
	Name       string // Chinese name without the 市 suffix: 上海
	NameEn     string // English (pinyin) name: Shanghai
	Province   string // province-level division in Chinese: 上海市, 广东省
	ProvinceEn string // the same in English: Shanghai, Guangdong
	Latitude   float64
	Longitude  float64
	// PostalPrefixes are the leading digits of the six-digit postal codes
	// used in the city (two or three digits; four where a city shares its
	// three-digit zone with a neighbour).
	PostalPrefixes []string
	// Capital is set for the capital of a province or region and for the
	// four municipalities.
	Capital bool
}

// Point returns the city centre.
func (c City) Point() Point { return Point{Lat: c.Latitude, Lng: c.Longitude} }

// PostalCodePlausible reports whether code is a six-digit postal code that
// starts with one of the city's prefixes. It says "could be", not "exists".
func (c City) PostalCodePlausible(code string) bool {
	if len(code) != 6 {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	for _, p := range c.PostalPrefixes {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// Distance returns the great-circle distance in kilometres between two points
// given in decimal degrees (the haversine formula, R = 6371.0088 km).
func Distance(lat1, lng1, lat2, lng2 float64) float64 {
	const rad = math.Pi / 180
	φ1, φ2 := lat1*rad, lat2*rad
	dφ := (lat2 - lat1) * rad
	dλ := (lng2 - lng1) * rad
	s1, s2 := math.Sin(dφ/2), math.Sin(dλ/2)
	a := s1*s1 + math.Cos(φ1)*math.Cos(φ2)*s2*s2
	if a > 1 {
		a = 1
	}
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(a))
}

// All returns every city, in the table's order (a copy: callers may modify it).
func All() []City {
	out := make([]City, len(cities))
	for i, c := range cities {
		out[i] = c
		out[i].PostalPrefixes = append([]string(nil), c.PostalPrefixes...)
	}
	return out
}

// Lookup finds a city by its Chinese name, with or without the 市 suffix
// ("上海", "上海市"), or by its English name, ignoring case, spaces,
// apostrophes and hyphens ("Xi'an", "xian", "SHANGHAI", "Urumqi").
func Lookup(name string) (City, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return City{}, false
	}
	if i, ok := byName[strings.TrimSuffix(name, "市")]; ok {
		return copyCity(i), true
	}
	key := foldEnglish(name)
	key = strings.TrimSuffix(key, "city")
	if i, ok := byEnglish[key]; ok {
		return copyCity(i), true
	}
	return City{}, false
}

// Nearest returns the city whose centre is closest to (lat, lng) and the
// distance to it in kilometres.
func Nearest(lat, lng float64) (City, float64) {
	best, bestKm := 0, math.Inf(1)
	for i, c := range cities {
		if d := Distance(lat, lng, c.Latitude, c.Longitude); d < bestKm {
			best, bestKm = i, d
		}
	}
	return copyCity(best), bestKm
}

func copyCity(i int) City {
	c := cities[i]
	c.PostalPrefixes = append([]string(nil), c.PostalPrefixes...)
	return c
}

// foldEnglish lower-cases s and drops what people type differently.
func foldEnglish(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		case r == ' ' || r == '\'' || r == '’' || r == '-' || r == '.' || r == '_':
			return -1
		}
		return r
	}, s)
}

var (
	byName    = map[string]int{}
	byEnglish = map[string]int{}
)

// englishAliases are other spellings in common use.
var englishAliases = map[string]string{
	"peking":    "北京",
	"canton":    "广州",
	"amoy":      "厦门",
	"wulumuqi":  "乌鲁木齐",
	"urumchi":   "乌鲁木齐",
	"huhehaote": "呼和浩特",
	"huhhot":    "呼和浩特",
	"lasa":      "拉萨",
	"haerbin":   "哈尔滨",
	"kashi":     "喀什",
	"sian":      "西安",
	"nanking":   "南京",
	"chungking": "重庆",
	"tientsin":  "天津",
	"eerduosi":  "鄂尔多斯",
	"qiqihaer":  "齐齐哈尔",
}

func init() {
	for i, c := range cities {
		if _, dup := byName[c.Name]; dup {
			panic("geo: duplicate city " + c.Name)
		}
		byName[c.Name] = i
		byEnglish[foldEnglish(c.NameEn)] = i
	}
	for alias, zh := range englishAliases {
		if i, ok := byName[zh]; ok {
			byEnglish[alias] = i
		}
	}
}
