// Chinese provinces and their main cities, as suggestions for the address form (the list the
// backend knows for distances and next-day delivery: internal/geo/cities.go). Suggestions only:
// any city may be typed, and the server alone decides what is valid.

export interface Province {
  zh: string
  en: string
  /** [Chinese name, English name] */
  cities: readonly (readonly [string, string])[]
}

export const PROVINCES: readonly Province[] = [
  { zh: '北京市', en: 'Beijing', cities: [['北京', 'Beijing']] },
  { zh: '上海市', en: 'Shanghai', cities: [['上海', 'Shanghai']] },
  { zh: '天津市', en: 'Tianjin', cities: [['天津', 'Tianjin']] },
  { zh: '重庆市', en: 'Chongqing', cities: [['重庆', 'Chongqing']] },
  { zh: '广东省', en: 'Guangdong', cities: [['广州', 'Guangzhou'], ['深圳', 'Shenzhen'], ['东莞', 'Dongguan'], ['佛山', 'Foshan'], ['珠海', 'Zhuhai'], ['汕头', 'Shantou'], ['惠州', 'Huizhou'], ['中山', 'Zhongshan'], ['江门', 'Jiangmen'], ['湛江', 'Zhanjiang']] },
  { zh: '浙江省', en: 'Zhejiang', cities: [['杭州', 'Hangzhou'], ['宁波', 'Ningbo'], ['温州', 'Wenzhou'], ['绍兴', 'Shaoxing'], ['嘉兴', 'Jiaxing'], ['湖州', 'Huzhou'], ['金华', 'Jinhua'], ['义乌', 'Yiwu'], ['台州', 'Taizhou']] },
  { zh: '江苏省', en: 'Jiangsu', cities: [['南京', 'Nanjing'], ['苏州', 'Suzhou'], ['无锡', 'Wuxi'], ['常州', 'Changzhou'], ['南通', 'Nantong'], ['扬州', 'Yangzhou'], ['徐州', 'Xuzhou'], ['盐城', 'Yancheng']] },
  { zh: '山东省', en: 'Shandong', cities: [['济南', 'Jinan'], ['青岛', 'Qingdao'], ['烟台', 'Yantai'], ['潍坊', 'Weifang'], ['淄博', 'Zibo'], ['临沂', 'Linyi']] },
  { zh: '湖北省', en: 'Hubei', cities: [['武汉', 'Wuhan'], ['宜昌', 'Yichang'], ['襄阳', 'Xiangyang']] },
  { zh: '湖南省', en: 'Hunan', cities: [['长沙', 'Changsha'], ['株洲', 'Zhuzhou'], ['岳阳', 'Yueyang']] },
  { zh: '河南省', en: 'Henan', cities: [['郑州', 'Zhengzhou'], ['洛阳', 'Luoyang'], ['南阳', 'Nanyang']] },
  { zh: '江西省', en: 'Jiangxi', cities: [['南昌', 'Nanchang'], ['九江', 'Jiujiang'], ['赣州', 'Ganzhou']] },
  { zh: '安徽省', en: 'Anhui', cities: [['合肥', 'Hefei'], ['芜湖', 'Wuhu']] },
  { zh: '福建省', en: 'Fujian', cities: [['福州', 'Fuzhou'], ['厦门', 'Xiamen'], ['泉州', 'Quanzhou']] },
  { zh: '海南省', en: 'Hainan', cities: [['海口', 'Haikou'], ['三亚', 'Sanya']] },
  { zh: '河北省', en: 'Hebei', cities: [['石家庄', 'Shijiazhuang'], ['唐山', 'Tangshan'], ['保定', 'Baoding'], ['廊坊', 'Langfang'], ['秦皇岛', 'Qinhuangdao'], ['邯郸', 'Handan']] },
  { zh: '山西省', en: 'Shanxi', cities: [['太原', 'Taiyuan'], ['大同', 'Datong']] },
  { zh: '内蒙古自治区', en: 'Inner Mongolia', cities: [['呼和浩特', 'Hohhot'], ['包头', 'Baotou'], ['鄂尔多斯', 'Ordos']] },
  { zh: '辽宁省', en: 'Liaoning', cities: [['沈阳', 'Shenyang'], ['大连', 'Dalian'], ['鞍山', 'Anshan']] },
  { zh: '吉林省', en: 'Jilin', cities: [['长春', 'Changchun'], ['吉林', 'Jilin']] },
  { zh: '黑龙江省', en: 'Heilongjiang', cities: [['哈尔滨', 'Harbin'], ['大庆', 'Daqing'], ['齐齐哈尔', 'Qiqihar']] },
  { zh: '四川省', en: 'Sichuan', cities: [['成都', 'Chengdu'], ['绵阳', 'Mianyang']] },
  { zh: '贵州省', en: 'Guizhou', cities: [['贵阳', 'Guiyang'], ['遵义', 'Zunyi']] },
  { zh: '云南省', en: 'Yunnan', cities: [['昆明', 'Kunming'], ['大理', 'Dali']] },
  { zh: '广西壮族自治区', en: 'Guangxi', cities: [['南宁', 'Nanning'], ['桂林', 'Guilin'], ['柳州', 'Liuzhou']] },
  { zh: '西藏自治区', en: 'Tibet', cities: [['拉萨', 'Lhasa']] },
  { zh: '陕西省', en: 'Shaanxi', cities: [['西安', "Xi'an"], ['宝鸡', 'Baoji']] },
  { zh: '甘肃省', en: 'Gansu', cities: [['兰州', 'Lanzhou']] },
  { zh: '青海省', en: 'Qinghai', cities: [['西宁', 'Xining']] },
  { zh: '宁夏回族自治区', en: 'Ningxia', cities: [['银川', 'Yinchuan']] },
  { zh: '新疆维吾尔自治区', en: 'Xinjiang', cities: [['乌鲁木齐', 'Urumqi'], ['喀什', 'Kashgar']] },
]

export function findProvince(name: string): Province | undefined {
  const n = name.trim().toLowerCase()
  return PROVINCES.find((p) => p.zh === name.trim() || p.en.toLowerCase() === n)
}
