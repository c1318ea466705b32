package geo

import (
	"math"
	"strings"
	"testing"
)

func TestDistanceBeijingShanghai(t *testing.T) {
	bj, _ := Lookup("北京")
	sh, _ := Lookup("上海")
	d := Distance(bj.Latitude, bj.Longitude, sh.Latitude, sh.Longitude)
	if math.Abs(d-1067) > 15 {
		t.Fatalf("Beijing–Shanghai = %.1f km, want about 1067", d)
	}
	if back := sh.Point().DistanceTo(bj.Point()); math.Abs(back-d) > 1e-9 {
		t.Fatalf("distance is not symmetric: %f vs %f", d, back)
	}
}

func TestDistanceKnownValues(t *testing.T) {
	cases := []struct {
		a, b   string
		km, to float64
	}{
		{"广州", "深圳", 105, 10},
		{"北京", "广州", 1890, 25},
		{"成都", "重庆", 267, 15},
		{"上海", "乌鲁木齐", 3270, 40},
	}
	for _, c := range cases {
		a, ok1 := Lookup(c.a)
		b, ok2 := Lookup(c.b)
		if !ok1 || !ok2 {
			t.Fatalf("lookup %s/%s failed", c.a, c.b)
		}
		if d := a.Point().DistanceTo(b.Point()); math.Abs(d-c.km) > c.to {
			t.Errorf("%s–%s = %.1f km, want %.0f±%.0f", c.a, c.b, d, c.km, c.to)
		}
	}
	if d := Distance(30, 120, 30, 120); d != 0 {
		t.Fatalf("same point: %f", d)
	}
	// Antipodes: half the circumference, no NaN from rounding.
	if d := Distance(10, 20, -10, -160); math.IsNaN(d) || math.Abs(d-math.Pi*EarthRadiusKm) > 1e-6 {
		t.Fatalf("antipodes: %f", d)
	}
}

func TestLookup(t *testing.T) {
	cases := []struct{ in, want string }{
		{"上海", "上海"},
		{"上海市", "上海"},
		{" 广州市 ", "广州"},
		{"乌鲁木齐市", "乌鲁木齐"},
		{"Shanghai", "上海"},
		{"SHANGHAI", "上海"},
		{"shenzhen", "深圳"},
		{"Xi'an", "西安"},
		{"xian", "西安"},
		{"Xi’an", "西安"},
		{"Harbin", "哈尔滨"},
		{"Urumqi", "乌鲁木齐"},
		{"Wulumuqi", "乌鲁木齐"},
		{"Hohhot", "呼和浩特"},
		{"Beijing City", "北京"},
		{"qi qi har", "齐齐哈尔"},
	}
	for _, c := range cases {
		got, ok := Lookup(c.in)
		if !ok || got.Name != c.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", c.in, got.Name, ok, c.want)
		}
	}
	for _, bad := range []string{"", "市", "Atlantis", "纽约", "上海市市"} {
		if c, ok := Lookup(bad); ok {
			t.Errorf("Lookup(%q) found %q", bad, c.Name)
		}
	}
	// Lookup returns a copy: changing it does not change the table.
	c, _ := Lookup("北京")
	c.PostalPrefixes[0] = "99"
	if again, _ := Lookup("北京"); again.PostalPrefixes[0] != "10" {
		t.Fatal("Lookup exposed the table")
	}
}

func TestTable(t *testing.T) {
	all := All()
	if len(all) < 60 {
		t.Fatalf("%d cities, want at least 60", len(all))
	}
	must := []string{"北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "天津", "重庆", "苏州",
		"郑州", "长沙", "沈阳", "青岛", "宁波", "东莞", "佛山", "合肥", "昆明", "福州", "厦门", "济南", "哈尔滨",
		"长春", "石家庄", "南昌", "南宁", "贵阳", "太原", "兰州", "乌鲁木齐", "呼和浩特", "银川", "西宁", "拉萨",
		"海口", "三亚", "大连", "无锡", "温州", "珠海", "徐州"}
	for _, n := range must {
		if _, ok := Lookup(n); !ok {
			t.Errorf("missing %s", n)
		}
	}
	english := map[string]bool{}
	provinces := map[string]int{}
	capitals := map[string]int{}
	for _, c := range all {
		// China's bounding box (Hainan to Mohe, Kashgar to Fuyuan).
		if c.Latitude < 18.0 || c.Latitude > 53.6 || c.Longitude < 73.4 || c.Longitude > 135.1 {
			t.Errorf("%s: (%f, %f) is outside China", c.Name, c.Latitude, c.Longitude)
		}
		if r := c.Latitude * 1e4; math.Abs(r-math.Round(r)) > 1e-6 {
			t.Errorf("%s: latitude %v has more than 4 decimals", c.Name, c.Latitude)
		}
		if c.Name == "" || strings.HasSuffix(c.Name, "市") || c.NameEn == "" || c.ProvinceEn == "" {
			t.Errorf("bad names: %+v", c)
		}
		if !strings.HasSuffix(c.Province, "省") && !strings.HasSuffix(c.Province, "市") && !strings.HasSuffix(c.Province, "自治区") {
			t.Errorf("%s: province %q is not a full name", c.Name, c.Province)
		}
		key := strings.ToLower(c.NameEn)
		if english[key] {
			t.Errorf("duplicate English name %s", c.NameEn)
		}
		english[key] = true
		provinces[c.Province]++
		if c.Capital {
			capitals[c.Province]++
		}
		if len(c.PostalPrefixes) == 0 {
			t.Errorf("%s: no postal prefixes", c.Name)
		}
		for _, p := range c.PostalPrefixes {
			if len(p) < 2 || len(p) > 4 || strings.Trim(p, "0123456789") != "" {
				t.Errorf("%s: bad postal prefix %q", c.Name, p)
			}
			code := (p + "000000")[:6]
			if !c.PostalCodePlausible(code) {
				t.Errorf("%s: %s not plausible", c.Name, code)
			}
		}
		// A city's own centre is its nearest city.
		if n, d := Nearest(c.Latitude, c.Longitude); n.Name != c.Name || d != 0 {
			t.Errorf("Nearest(%s) = %s at %f km", c.Name, n.Name, d)
		}
	}
	// Every province-level division (31 on the mainland) has exactly one capital.
	if len(provinces) != 31 {
		t.Errorf("%d provinces, want 31", len(provinces))
	}
	for p := range provinces {
		if capitals[p] != 1 {
			t.Errorf("%s has %d capitals", p, capitals[p])
		}
	}
}

func TestPostalCodePlausible(t *testing.T) {
	bj, _ := Lookup("北京")
	gz, _ := Lookup("广州")
	cases := []struct {
		c    City
		code string
		want bool
	}{
		{bj, "100020", true},
		{bj, "102600", true},
		{bj, "200120", false},
		{bj, "10002", false},
		{bj, "10002x", false},
		{gz, "510620", true},
		{gz, "511400", true},
		{gz, "518052", false},
	}
	for _, c := range cases {
		if got := c.c.PostalCodePlausible(c.code); got != c.want {
			t.Errorf("%s %s: %v", c.c.Name, c.code, got)
		}
	}
}
