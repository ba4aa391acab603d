/** Word lists of the sample business (names are invented; any likeness is chance). */
export const CHINESE_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '梁', '郑', '谢', '宋', '唐', '韩', '冯', '于', '董', '萧', '欧阳', '司马'] as const;
/** Given names. */
export const CHINESE_GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '晓明', '子涵', '雨桐', '浩然', '欣怡', '梓轩', '思远'] as const;
/** English given names. */
export const ENGLISH_GIVEN = ['James', 'Mary', 'Oliver', 'Emma', 'Liam', 'Sophia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Chloe', 'Daniel', 'Grace', 'Henry', 'Zoe'] as const;
/** English family names. */
export const ENGLISH_FAMILY = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Thomas', 'Walker', 'Wright', "O'Brien", 'Müller', 'García', 'Nguyen', 'Kim'] as const;
/** Company name parts. */
export const COMPANY_PREFIXES = ['华', '中', '恒', '瑞', '鑫', '宏', '安', '新', '盛', '联', '博', '达', '嘉', '信'] as const;
/** Company name parts. */
export const COMPANY_CORES = ['科技', '贸易', '制造', '物流', '电子', '医药', '餐饮', '建材', '文化', '咨询'] as const;
/** English company names. */
export const ENGLISH_COMPANIES = ['Pacific Trading Co.', 'Northwind Components Ltd.', 'Blue River Foods', 'Summit Medical Supply', 'Harbor Logistics', 'Evergreen Textiles', 'Bright Path Education', 'Lotus Hospitality Group'] as const;
/** Industries. */
export const INDUSTRIES = ['制造业 Manufacturing', '零售 Retail', '餐饮 Catering', '医疗 Healthcare', '物流 Logistics', '教育 Education', '信息技术 IT', '建筑 Construction'] as const;
/** Cities with their province. */
export const CITIES = [
  ['上海市', '上海市', '浦东新区'],
  ['北京市', '北京市', '朝阳区'],
  ['广东省', '广州市', '天河区'],
  ['广东省', '深圳市', '南山区'],
  ['浙江省', '杭州市', '西湖区'],
  ['江苏省', '南京市', '鼓楼区'],
  ['四川省', '成都市', '武侯区'],
  ['湖北省', '武汉市', '洪山区'],
  ['陕西省', '西安市', '雁塔区'],
  ['福建省', '厦门市', '思明区'],
] as const;
/** Products and services with a typical unit price in yuan. */
export const PRODUCTS = [
  ['智能净水器 Water purifier', 2999],
  ['空气净化器 Air purifier', 1899],
  ['滤芯套装 Filter set', 299],
  ['上门安装 Installation service', 150],
  ['延保服务 Extended warranty', 399],
  ['商用净水系统 Commercial system', 18800],
  ['年度维护合同 Annual maintenance', 6800],
  ['水质检测 Water test', 99],
] as const;
/** Complaint categories. */
export const COMPLAINT_TOPICS = [
  ['product-quality', '滤芯使用两周后漏水。The filter started leaking after two weeks.'],
  ['delivery', '送货延误五天，且包装破损。Delivery was five days late and the box was damaged.'],
  ['installation', '安装师傅迟到且未清理现场。The installer came late and left a mess.'],
  ['billing', '发票金额与订单不符。The invoice does not match the order.'],
  ['service-attitude', '客服电话多次无人接听。Nobody answered the service line.'],
  ['product-quality', '净化器噪音过大。The purifier is too loud.'],
] as const;
