package geo

// cities is the table: every provincial capital, the four municipalities and
// the other large commercial cities. Keep Chinese names unique.
var cities = []City{
	// Municipalities.
	{"北京", "Beijing", "北京市", "Beijing", 39.9042, 116.4074, []string{"10"}, true},
	{"上海", "Shanghai", "上海市", "Shanghai", 31.2304, 121.4737, []string{"20"}, true},
	{"天津", "Tianjin", "天津市", "Tianjin", 39.0842, 117.2009, []string{"30"}, true},
	{"重庆", "Chongqing", "重庆市", "Chongqing", 29.5630, 106.5516, []string{"40"}, true},

	// Guangdong.
	{"广州", "Guangzhou", "广东省", "Guangdong", 23.1291, 113.2644, []string{"510", "511"}, true},
	{"深圳", "Shenzhen", "广东省", "Guangdong", 22.5431, 114.0579, []string{"518"}, false},
	{"东莞", "Dongguan", "广东省", "Guangdong", 23.0207, 113.7518, []string{"523"}, false},
	{"佛山", "Foshan", "广东省", "Guangdong", 23.0215, 113.1214, []string{"528"}, false},
	{"珠海", "Zhuhai", "广东省", "Guangdong", 22.2710, 113.5767, []string{"519"}, false},
	{"汕头", "Shantou", "广东省", "Guangdong", 23.3541, 116.6819, []string{"515"}, false},
	{"惠州", "Huizhou", "广东省", "Guangdong", 23.1115, 114.4152, []string{"516"}, false},
	{"中山", "Zhongshan", "广东省", "Guangdong", 22.5176, 113.3926, []string{"5284"}, false},
	{"江门", "Jiangmen", "广东省", "Guangdong", 22.5787, 113.0819, []string{"529"}, false},
	{"湛江", "Zhanjiang", "广东省", "Guangdong", 21.2707, 110.3594, []string{"524"}, false},

	// Zhejiang.
	{"杭州", "Hangzhou", "浙江省", "Zhejiang", 30.2741, 120.1551, []string{"310", "311"}, true},
	{"宁波", "Ningbo", "浙江省", "Zhejiang", 29.8683, 121.5440, []string{"315"}, false},
	{"温州", "Wenzhou", "浙江省", "Zhejiang", 27.9943, 120.6994, []string{"325"}, false},
	{"绍兴", "Shaoxing", "浙江省", "Zhejiang", 30.0023, 120.5809, []string{"312"}, false},
	{"嘉兴", "Jiaxing", "浙江省", "Zhejiang", 30.7461, 120.7555, []string{"314"}, false},
	{"湖州", "Huzhou", "浙江省", "Zhejiang", 30.8943, 120.0868, []string{"313"}, false},
	{"金华", "Jinhua", "浙江省", "Zhejiang", 29.0790, 119.6474, []string{"321"}, false},
	{"义乌", "Yiwu", "浙江省", "Zhejiang", 29.3069, 120.0751, []string{"322"}, false},
	{"台州", "Taizhou", "浙江省", "Zhejiang", 28.6561, 121.4208, []string{"317", "318"}, false},

	// Jiangsu.
	{"南京", "Nanjing", "江苏省", "Jiangsu", 32.0603, 118.7969, []string{"210", "211"}, true},
	{"苏州", "Suzhou", "江苏省", "Jiangsu", 31.2990, 120.5853, []string{"215"}, false},
	{"无锡", "Wuxi", "江苏省", "Jiangsu", 31.4912, 120.3119, []string{"214"}, false},
	{"常州", "Changzhou", "江苏省", "Jiangsu", 31.8107, 119.9741, []string{"213"}, false},
	{"南通", "Nantong", "江苏省", "Jiangsu", 31.9802, 120.8943, []string{"226"}, false},
	{"扬州", "Yangzhou", "江苏省", "Jiangsu", 32.3942, 119.4129, []string{"225"}, false},
	{"徐州", "Xuzhou", "江苏省", "Jiangsu", 34.2044, 117.2859, []string{"221"}, false},
	{"盐城", "Yancheng", "江苏省", "Jiangsu", 33.3477, 120.1613, []string{"224"}, false},

	// Shandong.
	{"济南", "Jinan", "山东省", "Shandong", 36.6512, 117.1201, []string{"250", "2711"}, true},
	{"青岛", "Qingdao", "山东省", "Shandong", 36.0671, 120.3826, []string{"266"}, false},
	{"烟台", "Yantai", "山东省", "Shandong", 37.4638, 121.4479, []string{"264", "265"}, false},
	{"潍坊", "Weifang", "山东省", "Shandong", 36.7069, 119.1618, []string{"261", "262"}, false},
	{"淄博", "Zibo", "山东省", "Shandong", 36.8131, 118.0548, []string{"255"}, false},
	{"临沂", "Linyi", "山东省", "Shandong", 35.1041, 118.3564, []string{"276"}, false},

	// Central China.
	{"武汉", "Wuhan", "湖北省", "Hubei", 30.5928, 114.3055, []string{"430"}, true},
	{"宜昌", "Yichang", "湖北省", "Hubei", 30.6919, 111.2865, []string{"443"}, false},
	{"襄阳", "Xiangyang", "湖北省", "Hubei", 32.0090, 112.1224, []string{"441"}, false},
	{"长沙", "Changsha", "湖南省", "Hunan", 28.2282, 112.9388, []string{"410"}, true},
	{"株洲", "Zhuzhou", "湖南省", "Hunan", 27.8274, 113.1340, []string{"412"}, false},
	{"岳阳", "Yueyang", "湖南省", "Hunan", 29.3572, 113.1289, []string{"414"}, false},
	{"郑州", "Zhengzhou", "河南省", "Henan", 34.7466, 113.6254, []string{"450", "451", "452"}, true},
	{"洛阳", "Luoyang", "河南省", "Henan", 34.6197, 112.4540, []string{"471"}, false},
	{"南阳", "Nanyang", "河南省", "Henan", 32.9908, 112.5285, []string{"473"}, false},
	{"南昌", "Nanchang", "江西省", "Jiangxi", 28.6820, 115.8579, []string{"330"}, true},
	{"九江", "Jiujiang", "江西省", "Jiangxi", 29.7050, 116.0019, []string{"332"}, false},
	{"赣州", "Ganzhou", "江西省", "Jiangxi", 25.8310, 114.9350, []string{"341"}, false},
	{"合肥", "Hefei", "安徽省", "Anhui", 31.8206, 117.2272, []string{"230", "231"}, true},
	{"芜湖", "Wuhu", "安徽省", "Anhui", 31.3526, 118.4331, []string{"241"}, false},

	// Fujian and Hainan.
	{"福州", "Fuzhou", "福建省", "Fujian", 26.0745, 119.2965, []string{"350"}, true},
	{"厦门", "Xiamen", "福建省", "Fujian", 24.4798, 118.0894, []string{"361"}, false},
	{"泉州", "Quanzhou", "福建省", "Fujian", 24.8741, 118.6757, []string{"362"}, false},
	{"海口", "Haikou", "海南省", "Hainan", 20.0440, 110.1999, []string{"570"}, true},
	{"三亚", "Sanya", "海南省", "Hainan", 18.2528, 109.5119, []string{"572"}, false},

	// North China.
	{"石家庄", "Shijiazhuang", "河北省", "Hebei", 38.0428, 114.5149, []string{"050"}, true},
	{"唐山", "Tangshan", "河北省", "Hebei", 39.6305, 118.1802, []string{"063", "064"}, false},
	{"保定", "Baoding", "河北省", "Hebei", 38.8739, 115.4646, []string{"071", "072"}, false},
	{"廊坊", "Langfang", "河北省", "Hebei", 39.5380, 116.6838, []string{"065"}, false},
	{"秦皇岛", "Qinhuangdao", "河北省", "Hebei", 39.9354, 119.6005, []string{"066"}, false},
	{"邯郸", "Handan", "河北省", "Hebei", 36.6256, 114.5391, []string{"056"}, false},
	{"太原", "Taiyuan", "山西省", "Shanxi", 37.8706, 112.5489, []string{"030"}, true},
	{"大同", "Datong", "山西省", "Shanxi", 40.0768, 113.3001, []string{"037"}, false},
	{"呼和浩特", "Hohhot", "内蒙古自治区", "Inner Mongolia", 40.8424, 111.7490, []string{"010"}, true},
	{"包头", "Baotou", "内蒙古自治区", "Inner Mongolia", 40.6571, 109.8403, []string{"014"}, false},
	{"鄂尔多斯", "Ordos", "内蒙古自治区", "Inner Mongolia", 39.6087, 109.7813, []string{"017"}, false},

	// Northeast.
	{"沈阳", "Shenyang", "辽宁省", "Liaoning", 41.8057, 123.4315, []string{"110"}, true},
	{"大连", "Dalian", "辽宁省", "Liaoning", 38.9140, 121.6147, []string{"116"}, false},
	{"鞍山", "Anshan", "辽宁省", "Liaoning", 41.1087, 122.9946, []string{"114"}, false},
	{"长春", "Changchun", "吉林省", "Jilin", 43.8171, 125.3235, []string{"130"}, true},
	{"吉林", "Jilin", "吉林省", "Jilin", 43.8378, 126.5496, []string{"132"}, false},
	{"哈尔滨", "Harbin", "黑龙江省", "Heilongjiang", 45.8038, 126.5350, []string{"150"}, true},
	{"大庆", "Daqing", "黑龙江省", "Heilongjiang", 46.5893, 125.1036, []string{"163"}, false},
	{"齐齐哈尔", "Qiqihar", "黑龙江省", "Heilongjiang", 47.3543, 123.9182, []string{"161"}, false},

	// Southwest.
	{"成都", "Chengdu", "四川省", "Sichuan", 30.5728, 104.0668, []string{"610", "611"}, true},
	{"绵阳", "Mianyang", "四川省", "Sichuan", 31.4675, 104.6790, []string{"621"}, false},
	{"贵阳", "Guiyang", "贵州省", "Guizhou", 26.6470, 106.6302, []string{"550", "551"}, true},
	{"遵义", "Zunyi", "贵州省", "Guizhou", 27.7256, 106.9272, []string{"563", "564"}, false},
	{"昆明", "Kunming", "云南省", "Yunnan", 24.8801, 102.8329, []string{"650", "651"}, true},
	{"大理", "Dali", "云南省", "Yunnan", 25.6065, 100.2676, []string{"671"}, false},
	{"南宁", "Nanning", "广西壮族自治区", "Guangxi", 22.8170, 108.3665, []string{"530"}, true},
	{"桂林", "Guilin", "广西壮族自治区", "Guangxi", 25.2740, 110.2900, []string{"541"}, false},
	{"柳州", "Liuzhou", "广西壮族自治区", "Guangxi", 24.3264, 109.4281, []string{"545"}, false},
	{"拉萨", "Lhasa", "西藏自治区", "Tibet", 29.6500, 91.1409, []string{"850"}, true},

	// Northwest.
	{"西安", "Xi'an", "陕西省", "Shaanxi", 34.3416, 108.9398, []string{"710"}, true},
	{"宝鸡", "Baoji", "陕西省", "Shaanxi", 34.3619, 107.2373, []string{"721"}, false},
	{"兰州", "Lanzhou", "甘肃省", "Gansu", 36.0611, 103.8343, []string{"730"}, true},
	{"西宁", "Xining", "青海省", "Qinghai", 36.6171, 101.7782, []string{"810"}, true},
	{"银川", "Yinchuan", "宁夏回族自治区", "Ningxia", 38.4872, 106.2309, []string{"750"}, true},
	{"乌鲁木齐", "Urumqi", "新疆维吾尔自治区", "Xinjiang", 43.8256, 87.6168, []string{"830"}, true},
	{"喀什", "Kashgar", "新疆维吾尔自治区", "Xinjiang", 39.4677, 75.9938, []string{"844"}, false},
}
