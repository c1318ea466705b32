package seed

// Static demo data: carriers, warehouses, the catalog, names and addresses.
// Everything random is drawn from these tables by the seeded generator.

type carrierDef struct {
	code, name, nameZh, prefix string
	hubZh                      string // what the carrier calls its sorting hubs
	share                      int    // relative share of parcels
}

var carrierDefs = []carrierDef{
	{"WAYBILL", "Waybill Express", "威比快递", "WB", "转运中心", 40},
	{"SF", "SF Express", "顺丰速运", "SF", "中转场", 25},
	{"ZTO", "ZTO Express", "中通快递", "ZT", "分拨中心", 20},
	{"YTO", "YTO Express", "圆通速递", "YT", "转运中心", 15},
}

type warehouseDef struct {
	code, name, city, address string
	capacity                  int
}

// Warehouse cities are looked up in internal/geo for province and coordinates.
var warehouseDefs = []warehouseDef{
	{"WH-SH", "威比上海青浦仓 Waybill Shanghai DC", "上海", "上海市青浦区华新镇华腾路 1288 号 威比物流园 3 号库", 2400},
	{"WH-GZ", "威比广州白云仓 Waybill Guangzhou DC", "广州", "广东省广州市白云区太和镇永兴村物流大道 66 号", 2000},
	{"WH-BJ", "威比北京顺义仓 Waybill Beijing DC", "北京", "北京市顺义区空港物流园区裕华路 18 号院 2 号库", 1800},
	{"WH-CD", "威比成都双流仓 Waybill Chengdu DC", "成都", "四川省成都市双流区西航港物流大道 9 号", 1200},
	{"WH-WH", "威比武汉东西湖仓 Waybill Wuhan DC", "武汉", "湖北省武汉市东西湖区走马岭革新大道 399 号", 1000},
}

// hubCities sort parcels between regions; a long route passes one of them.
var hubCities = []string{"北京", "天津", "上海", "广州", "深圳", "杭州", "南京", "武汉", "郑州", "西安", "成都", "重庆",
	"长沙", "济南", "沈阳", "合肥", "南昌", "福州", "昆明", "贵阳", "南宁", "兰州", "石家庄", "哈尔滨", "长春", "太原", "乌鲁木齐"}

type category struct {
	slug, prefix, zh, en string
	zone                 string // warehouse zone letter for its bins
	code                 string // three digits inside the EAN-13
}

var categories = []category{
	{"electronics", "EL", "电子产品", "Electronics", "A", "101"},
	{"home", "HM", "家居", "Home", "B", "102"},
	{"apparel", "AP", "服装", "Apparel", "C", "103"},
	{"beauty", "BT", "美妆", "Beauty", "D", "104"},
	{"food", "FD", "食品", "Food", "E", "105"},
	{"baby", "BB", "母婴", "Baby", "F", "106"},
	{"sports", "SP", "运动", "Sports", "G", "107"},
	{"books", "BK", "图书", "Books", "H", "108"},
}

type productDef struct {
	nameZh, nameEn, descZh, descEn string
	yuan                           int64 // price in yuan; stored in fen
	grams                          int
	lot                            bool // lot-tracked (expiry dates)
	inactive                       bool
}

// products[i] belongs to categories[i]; SKUs are <prefix>-0001… in this order.
var products = [][]productDef{
	{ // electronics
		{"无线蓝牙降噪耳机", "Wireless Noise-Cancelling Earbuds", "主动降噪，单次续航 8 小时，配合充电盒 30 小时。", "Active noise cancelling; 8 h per charge, 30 h with the case.", 399, 180, false, false},
		{"65W 氮化镓快充充电器", "65W GaN Fast Charger", "三口输出，折叠插脚，笔记本手机通用。", "Three ports and a folding plug; charges laptops and phones.", 149, 120, false, false},
		{"20000mAh 移动电源", "20000mAh Power Bank", "双向快充，可随身携带登机。", "Two-way fast charging; allowed in cabin baggage.", 129, 420, false, false},
		{"智能手环 8", "Smart Band 8", "心率血氧监测，续航 14 天，50 米防水。", "Heart rate and SpO2, 14-day battery, water resistant to 50 m.", 249, 90, false, false},
		{"87 键机械键盘（茶轴）", "87-Key Mechanical Keyboard (Brown Switches)", "热插拔轴体，白色背光，Type-C 接口。", "Hot-swappable switches, white backlight, USB-C.", 459, 980, false, false},
		{"静音无线鼠标", "Silent Wireless Mouse", "静音按键，2.4G 与蓝牙双模连接。", "Silent clicks; 2.4 GHz and Bluetooth.", 89, 110, false, false},
		{"1080P 智能摄像头", "1080p Smart Home Camera", "360° 云台，红外夜视，双向语音。", "360° pan and tilt, infrared night vision, two-way audio.", 199, 350, false, false},
		{"3.5mm 有线耳机（停产）", "3.5 mm Wired Earphones (discontinued)", "经典入耳式有线耳机，已停产。", "Classic in-ear wired earphones, no longer made.", 59, 60, false, true},
	},
	{ // home
		{"长绒棉四件套 1.8m", "Long-Staple Cotton Bedding Set 1.8 m", "100% 长绒棉，60 支贡缎，亲肤柔软。", "100% long-staple cotton sateen, 60s yarn.", 499, 2600, false, false},
		{"记忆棉护颈枕", "Memory Foam Neck Pillow", "慢回弹记忆棉，人体工学曲线。", "Slow-rebound memory foam with an ergonomic curve.", 159, 1300, false, false},
		{"不锈钢保温杯 500ml", "Stainless Steel Tumbler 500 ml", "316 不锈钢内胆，12 小时保温。", "316 stainless steel; keeps drinks hot for 12 hours.", 89, 320, false, false},
		{"静音香薰加湿器", "Quiet Aroma Humidifier", "2.5L 大水箱，睡眠模式低于 30 分贝。", "2.5 L tank; under 30 dB in sleep mode.", 179, 900, false, false},
		{"可折叠收纳箱（三件套）", "Folding Storage Boxes (Set of 3)", "带盖可叠放，衣物玩具都能装。", "Stackable with lids, for clothes and toys.", 69, 1500, false, false},
		{"釉下彩陶瓷餐具 16 件套", "Underglaze Ceramic Dinnerware (16 pieces)", "景德镇釉下彩，可进微波炉和洗碗机。", "Jingdezhen underglaze; microwave and dishwasher safe.", 269, 5200, false, false},
		{"不粘炒锅 32cm", "Non-Stick Wok 32 cm", "少油烟不粘涂层，燃气电磁炉通用。", "Low-smoke non-stick coating; gas and induction.", 229, 1800, false, false},
		{"LED 护眼台灯", "LED Desk Lamp", "无频闪，三档色温，触控调光。", "Flicker-free, three colour temperatures, touch dimming.", 139, 850, false, false},
	},
	{ // apparel
		{"男士速干 T 恤", "Men's Quick-Dry T-Shirt", "轻薄透气，吸湿速干，多色可选。", "Light, breathable and quick-drying; several colours.", 79, 180, false, false},
		{"女士美丽诺羊毛开衫", "Women's Merino Wool Cardigan", "100% 美丽诺羊毛，V 领修身。", "100% merino wool, slim V-neck.", 359, 420, false, false},
		{"轻薄羽绒服", "Lightweight Down Jacket", "90% 白鸭绒，可收纳进随附口袋。", "90% white duck down; packs into its own pocket.", 599, 380, false, false},
		{"弹力直筒牛仔裤", "Stretch Straight-Leg Jeans", "弹力棉面料，经典水洗蓝。", "Stretch cotton denim in a classic blue wash.", 229, 650, false, false},
		{"纯棉中筒袜（五双装）", "Cotton Crew Socks (5 pairs)", "精梳棉，抗菌防臭。", "Combed cotton, antibacterial.", 49, 250, false, false},
		{"UPF50+ 冰丝防晒外套", "UPF50+ Cooling Sun Jacket", "冰感面料，防紫外线，可收纳。", "Cool-touch UV-blocking fabric; packable.", 159, 220, false, false},
		{"苏州桑蚕丝围巾", "Suzhou Mulberry Silk Scarf", "100% 桑蚕丝，手工卷边。", "100% mulberry silk, hand-rolled hems.", 289, 90, false, false},
		{"经典帆布鞋", "Classic Canvas Sneakers", "硫化鞋底，百搭舒适。", "Vulcanised sole; goes with everything.", 169, 800, false, false},
	},
	{ // beauty
		{"玻尿酸保湿精华 30ml", "Hyaluronic Acid Serum 30 ml", "多分子玻尿酸，深层补水。", "Multi-weight hyaluronic acid for deep hydration.", 199, 120, true, false},
		{"氨基酸洁面乳 120g", "Amino Acid Facial Cleanser 120 g", "温和清洁，洗后不紧绷。", "Gentle cleansing that leaves skin comfortable.", 69, 150, true, false},
		{"清爽防晒霜 SPF50+ PA++++", "Light Sunscreen SPF50+ PA++++", "轻薄不油腻，防水防汗。", "Light and non-greasy; water and sweat resistant.", 129, 80, true, false},
		{"丝绒哑光口红", "Velvet Matte Lipstick", "高显色，持久不拔干。", "Rich colour that lasts without drying.", 159, 40, true, false},
		{"蚕丝补水面膜（10 片）", "Hydrating Silk Sheet Masks (10)", "蚕丝膜布，服帖补水。", "Silk sheets that cling and hydrate.", 99, 300, true, false},
		{"花香护手霜礼盒（三支装）", "Floral Hand Cream Gift Set (3)", "樱花、玫瑰、栀子三种香型。", "Cherry blossom, rose and gardenia.", 89, 200, true, false},
		{"声波电动牙刷", "Sonic Electric Toothbrush", "每分钟 31000 次震动，续航 60 天。", "31,000 strokes a minute; 60-day battery.", 229, 260, false, false},
		{"温和卸妆水 400ml", "Gentle Micellar Water 400 ml", "眼唇可用，无酒精。", "Safe for eyes and lips; alcohol-free.", 79, 450, true, false},
	},
	{ // food
		{"西湖龙井茶 250g", "West Lake Longjing Tea 250 g", "明前特级，杭州西湖产区。", "Top grade, picked before Qingming in Hangzhou.", 368, 300, true, false},
		{"云南小粒咖啡豆 500g", "Yunnan Arabica Coffee Beans 500 g", "保山产区，中度烘焙。", "From Baoshan, medium roast.", 98, 520, true, false},
		{"每日坚果（30 包）", "Daily Mixed Nuts (30 packs)", "六种坚果果干，独立小包装。", "Six nuts and dried fruits in single packs.", 129, 750, true, false},
		{"五常稻花香大米 5kg", "Wuchang Daohuaxiang Rice 5 kg", "黑龙江五常原产，当季新米。", "New-season rice from Wuchang, Heilongjiang.", 89, 5100, true, false},
		{"新疆若羌灰枣 1kg", "Xinjiang Ruoqiang Jujubes 1 kg", "自然晾晒，肉厚核小。", "Sun-dried, thick and sweet.", 59, 1050, true, false},
		{"重庆麻辣火锅底料", "Chongqing Spicy Hotpot Base", "牛油底料，四人份。", "Beef-tallow base, serves four.", 29, 400, true, false},
		{"手工挂面礼盒", "Handmade Noodles Gift Box", "传统晾晒，无添加。", "Traditionally air-dried, no additives.", 49, 1200, true, false},
		{"宁夏枸杞原浆（30 袋）", "Ningxia Goji Juice (30 sachets)", "中宁枸杞鲜果原浆，每袋 30ml。", "Fresh goji juice from Zhongning, 30 ml each.", 168, 1100, true, false},
	},
	{ // baby
		{"婴儿纸尿裤 L 码（54 片）", "Baby Diapers Size L (54)", "超薄透气，12 小时干爽。", "Ultra-thin and breathable; dry for 12 hours.", 129, 1800, true, false},
		{"婴儿配方奶粉 3 段 800g", "Toddler Formula Stage 3, 800 g", "含 DHA 与乳铁蛋白，适合 1–3 岁。", "With DHA and lactoferrin, for ages 1–3.", 298, 1000, true, false},
		{"宝宝手口湿巾（10 包）", "Baby Hand & Mouth Wipes (10 packs)", "纯水配方，手口可用。", "Water-based, safe for hands and mouth.", 59, 1600, true, false},
		{"轻便婴儿推车", "Lightweight Stroller", "一键收车，可登机尺寸。", "One-hand fold, cabin-size.", 899, 6500, false, false},
		{"硅胶防胀气奶瓶 240ml", "Anti-Colic Silicone Bottle 240 ml", "宽口径，防胀气阀门。", "Wide neck with an anti-colic valve.", 89, 200, false, false},
		{"儿童安全座椅 ISOFIX", "Child Car Seat ISOFIX", "ISOFIX 接口，适合 0–12 岁。", "ISOFIX; from birth to 12 years.", 1299, 9800, false, false},
		{"婴儿纯棉连体衣（三件装）", "Cotton Baby Rompers (3)", "A 类纯棉，前开扣设计。", "Class A cotton with front snaps.", 119, 300, false, false},
		{"大颗粒益智积木（100 粒）", "Large Building Blocks (100 pieces)", "食品级 ABS，圆角设计。", "Food-grade ABS with rounded edges.", 99, 1100, false, false},
	},
	{ // sports
		{"TPE 瑜伽垫 6mm", "TPE Yoga Mat 6 mm", "双面防滑，附赠绑带。", "Non-slip on both sides; strap included.", 99, 900, false, false},
		{"可调节哑铃 20kg", "Adjustable Dumbbell 20 kg", "旋钮快速调重，一只顶十五只。", "Dial to change weight; replaces fifteen dumbbells.", 459, 20500, false, false},
		{"缓震跑步鞋", "Cushioned Running Shoes", "中底缓震回弹，透气网面。", "Responsive midsole, breathable mesh.", 499, 700, false, false},
		{"全碳素羽毛球拍（对拍）", "Full-Carbon Badminton Rackets (pair)", "全碳素拍框，已穿线。", "Full-carbon frames, pre-strung.", 269, 500, false, false},
		{"速干跑步短裤", "Quick-Dry Running Shorts", "内衬与手机口袋。", "Built-in liner and a phone pocket.", 89, 150, false, false},
		{"防泼水登山背包 40L", "Water-Repellent Hiking Pack 40 L", "背负系统，配防雨罩。", "Ventilated back system, rain cover included.", 329, 1300, false, false},
		{"7 号室内外篮球", "Indoor/Outdoor Basketball Size 7", "耐磨 PU 材质。", "Durable PU cover.", 149, 650, false, false},
		{"智能计数跳绳", "Smart Counting Jump Rope", "自动计数与计时。", "Counts jumps and time.", 49, 250, false, false},
	},
	{ // books
		{"三体（全三册）", "The Three-Body Problem (3 volumes)", "刘慈欣著，雨果奖获奖作品。", "By Liu Cixin; Hugo Award winner.", 93, 1400, false, false},
		{"活着", "To Live", "余华著，经典长篇小说。", "A classic novel by Yu Hua.", 45, 300, false, false},
		{"人类简史", "Sapiens: A Brief History of Humankind", "尤瓦尔·赫拉利著，中文版。", "By Yuval Noah Harari, Chinese edition.", 68, 600, false, false},
		{"平凡的世界（全三册）", "Ordinary World (3 volumes)", "路遥著，茅盾文学奖作品。", "By Lu Yao; Mao Dun Literature Prize.", 108, 1500, false, false},
		{"红楼梦（插图版）", "Dream of the Red Chamber (illustrated)", "曹雪芹著，插图珍藏版。", "By Cao Xueqin, illustrated collector's edition.", 79, 1200, false, false},
		{"Go 程序设计语言", "The Go Programming Language", "Donovan 与 Kernighan 著，中文版。", "By Donovan and Kernighan, Chinese edition.", 89, 700, false, false},
		{"小王子（中英双语）", "The Little Prince (Chinese–English)", "圣埃克苏佩里著，双语对照。", "By Saint-Exupéry, bilingual edition.", 32, 250, false, false},
		{"2025 年台历（旧版）", "2025 Desk Calendar (old edition)", "上一年度台历，已下架。", "Last year's calendar, withdrawn.", 29, 400, false, true},
	},
}

// outOfStockSKUs are out of stock in every warehouse (a cycle count found
// the bins empty), so the storefront and the low-stock board show it.
var outOfStockSKUs = []string{"EL-0005", "AP-0003", "BB-0006"}

// backorderSKUs may be ordered while out of stock (backorder policy ALLOW);
// a restock is expected restockInDays after the seed's now.
var backorderSKUs = map[string]bool{"EL-0005": true}

const restockInDays = 9

// demoLineSKUs are the items of the demo parcel (DemoTrackingNumber).
var demoLineSKUs = []string{"EL-0001", "BK-0001"}

type nameDef struct{ zh, pinyin string }

var surnames = []nameDef{
	{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"},
	{"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"}, {"马", "ma"}, {"朱", "zhu"},
	{"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"}, {"高", "gao"}, {"罗", "luo"}, {"郑", "zheng"},
	{"梁", "liang"}, {"谢", "xie"}, {"宋", "song"}, {"唐", "tang"}, {"韩", "han"}, {"冯", "feng"}, {"邓", "deng"},
	{"曹", "cao"}, {"彭", "peng"},
}

var givenNames = []nameDef{
	{"伟", "wei"}, {"娜", "na"}, {"秀英", "xiuying"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"强", "qiang"},
	{"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"娟", "juan"},
	{"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"秀兰", "xiulan"}, {"霞", "xia"}, {"平", "ping"}, {"刚", "gang"},
	{"桂英", "guiying"}, {"子涵", "zihan"}, {"浩然", "haoran"}, {"欣怡", "xinyi"}, {"宇轩", "yuxuan"},
	{"梓萱", "zixuan"}, {"思远", "siyuan"}, {"雨桐", "yutong"}, {"嘉怡", "jiayi"}, {"俊杰", "junjie"},
	{"晓东", "xiaodong"}, {"海燕", "haiyan"}, {"文博", "wenbo"}, {"佳琪", "jiaqi"},
}

// mobilePrefixes are mainland mobile number blocks (1[3-9]x).
var mobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
	"155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182", "183", "185",
	"186", "187", "188", "189", "191", "198", "199"}

type district struct{ name, postal string }

type destCity struct {
	city      string // as in internal/geo
	weight    int
	districts []district
}

// destinations are where customers live; postal codes are real district
// codes, consistent with the city's prefixes in internal/geo.
var destinations = []destCity{
	{"北京", 9, []district{{"朝阳区", "100020"}, {"海淀区", "100080"}, {"东城区", "100010"}, {"丰台区", "100071"}}},
	{"上海", 9, []district{{"浦东新区", "200120"}, {"徐汇区", "200030"}, {"静安区", "200040"}, {"闵行区", "201100"}}},
	{"广州", 6, []district{{"天河区", "510620"}, {"越秀区", "510030"}, {"海珠区", "510220"}, {"番禺区", "511400"}}},
	{"深圳", 6, []district{{"南山区", "518052"}, {"福田区", "518048"}, {"宝安区", "518101"}, {"龙岗区", "518116"}}},
	{"杭州", 5, []district{{"西湖区", "310013"}, {"上城区", "310002"}, {"滨江区", "310051"}, {"余杭区", "311100"}}},
	{"成都", 4, []district{{"锦江区", "610021"}, {"武侯区", "610041"}, {"青羊区", "610031"}, {"成华区", "610051"}}},
	{"武汉", 3, []district{{"江汉区", "430021"}, {"武昌区", "430061"}, {"洪山区", "430070"}}},
	{"西安", 3, []district{{"雁塔区", "710061"}, {"碑林区", "710001"}, {"未央区", "710016"}}},
	{"南京", 3, []district{{"鼓楼区", "210009"}, {"玄武区", "210018"}, {"建邺区", "210019"}}},
	{"天津", 2, []district{{"和平区", "300041"}, {"南开区", "300100"}, {"河西区", "300202"}}},
	{"重庆", 3, []district{{"渝中区", "400010"}, {"江北区", "400020"}, {"渝北区", "401120"}, {"南岸区", "400060"}}},
	{"苏州", 3, []district{{"姑苏区", "215000"}, {"工业园区", "215021"}, {"吴中区", "215100"}}},
	{"郑州", 2, []district{{"金水区", "450008"}, {"二七区", "450052"}}},
	{"长沙", 2, []district{{"岳麓区", "410006"}, {"芙蓉区", "410011"}, {"天心区", "410004"}}},
	{"沈阳", 2, []district{{"和平区", "110001"}, {"沈河区", "110011"}}},
	{"青岛", 2, []district{{"市南区", "266001"}, {"崂山区", "266100"}}},
	{"宁波", 2, []district{{"鄞州区", "315100"}, {"海曙区", "315010"}}},
	{"东莞", 2, []district{{"南城街道", "523000"}, {"长安镇", "523850"}}},
	{"佛山", 2, []district{{"禅城区", "528000"}, {"南海区", "528200"}, {"顺德区", "528300"}}},
	{"合肥", 2, []district{{"蜀山区", "230031"}, {"包河区", "230041"}}},
	{"昆明", 1, []district{{"五华区", "650021"}, {"盘龙区", "650051"}}},
	{"福州", 1, []district{{"鼓楼区", "350001"}, {"台江区", "350004"}}},
	{"厦门", 2, []district{{"思明区", "361001"}, {"湖里区", "361006"}}},
	{"济南", 1, []district{{"历下区", "250014"}, {"市中区", "250001"}}},
	{"哈尔滨", 1, []district{{"南岗区", "150001"}, {"道里区", "150010"}}},
	{"大连", 1, []district{{"中山区", "116001"}, {"沙河口区", "116021"}}},
	{"无锡", 1, []district{{"梁溪区", "214000"}, {"滨湖区", "214072"}}},
	{"温州", 1, []district{{"鹿城区", "325000"}}},
	{"珠海", 1, []district{{"香洲区", "519000"}}},
	{"南宁", 1, []district{{"青秀区", "530022"}}},
	{"贵阳", 1, []district{{"南明区", "550001"}, {"云岩区", "550001"}}},
	{"乌鲁木齐", 1, []district{{"天山区", "830002"}}},
	{"海口", 1, []district{{"龙华区", "570105"}}},
}

var streets = []string{"人民路", "解放路", "中山路", "建设路", "和平路", "长江路", "新华路", "文化路", "青年路", "胜利路",
	"东风路", "光明路", "友谊路", "滨江大道", "学府路", "科技路", "朝阳路", "花园路", "湖滨路", "锦绣路"}

var estates = []string{"阳光花园", "锦绣家园", "翠苑小区", "华府天地", "金色家园", "绿城桂花园", "万科城", "碧桂园",
	"书香门第", "江南名苑", "紫荆花园", "滨江国际"}

var offices = []string{"国际金融中心", "科技大厦", "创业大厦", "财富广场", "时代中心", "环球贸易中心"}

var orderNotes = []string{"", "", "", "", "", "请放快递柜 Please leave it in the parcel locker", "工作日送货 Weekdays only",
	"送货前请电话联系 Please call before delivery", "礼物，请勿放发票 A gift, no invoice in the parcel", "放门卫处 Leave with the concierge"}
