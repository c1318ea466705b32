// UI text for stock as the shop shows it (status, restock date, substitutes, backorders), the
// backordered badge on order lines and the staff control for a product's backorder policy.
// Spread into messages.ts. English is the reference: zh-CN must have every key.

export const stockEn = {
  'avail.backorder': 'On backorder',
  'avail.backorderLong': 'Out of stock · can still be ordered',
  'avail.eta': 'Expected back around {date}',
  'avail.shipsLater': 'Ships when restocked (expected {date}).',
  'avail.shipsLaterNoDate': 'Ships when restocked.',
  'avail.split': '{now} ship now, {later} when restocked (expected {date}).',
  'avail.splitNoDate': '{now} ship now, {later} when restocked.',
  'avail.live': 'Live: availability updates as stock changes.',
  'avail.substitutes': 'You might like instead',
  'avail.substitutesShow': 'Similar items in stock',
  'avail.substitutesHide': 'Hide similar items',
  'avail.substitutesFor': 'Similar items in stock for {name}',
  'avail.substitutesNone': 'No similar items are in stock right now.',

  'backorder.badge': '{count} backordered — ships when restocked',

  'backorder.policy.title': 'Selling when out of stock',
  'backorder.policy.legend': 'Backorder policy for {sku}',
  'backorder.policy.ALLOW': 'Allow backorders',
  'backorder.policy.ALLOW.hint': 'Orders beyond stock are taken; what is missing ships when stock arrives, oldest order first.',
  'backorder.policy.DENY': 'Do not sell beyond stock',
  'backorder.policy.DENY.hint': 'Orders are refused for more than is available.',
  'backorder.policy.current': 'Current',
  'backorder.policy.save': 'Save policy',
  'backorder.policy.saving': 'Saving…',
  'backorder.policy.unchanged': 'This is the current policy.',
  'backorder.policy.doneALLOW': 'Backorders are now allowed for {sku}.',
  'backorder.policy.doneDENY': '{sku} is no longer sold beyond stock.',
  'backorder.policy.readOnly': 'Now: {policy}. Only stock managers can change it.',
  'backorder.lookup.title': 'Backorders by SKU',
  'backorder.lookup.intro': 'Look up a product to see its stock over all warehouses and whether it may be sold beyond it.',
  'backorder.lookup.sku': 'SKU',
  'backorder.lookup.find': 'Find',
  'backorder.lookup.required': 'Enter a SKU.',
  'backorder.lookup.notFound': 'No product has the SKU {sku}.',
  'backorder.lookup.available': '{count} available over all warehouses',
} as const

export type StockKey = keyof typeof stockEn

export const stockZh: Record<StockKey, string> = {
  'avail.backorder': '可预订',
  'avail.backorderLong': '暂时缺货 · 仍可下单',
  'avail.eta': '预计 {date} 到货',
  'avail.shipsLater': '补货后发货（预计 {date} 到货）。',
  'avail.shipsLaterNoDate': '补货后发货。',
  'avail.split': '{now} 件现在发货，{later} 件补货后发货（预计 {date} 到货）。',
  'avail.splitNoDate': '{now} 件现在发货，{later} 件补货后发货。',
  'avail.live': '实时：库存变化时自动更新。',
  'avail.substitutes': '您可能也喜欢',
  'avail.substitutesShow': '查看有货的相似商品',
  'avail.substitutesHide': '收起相似商品',
  'avail.substitutesFor': '{name} 的有货相似商品',
  'avail.substitutesNone': '暂无有货的相似商品。',

  'backorder.badge': '{count} 件待补货 — 补货后发货',

  'backorder.policy.title': '缺货时销售',
  'backorder.policy.legend': '{sku} 的缺货预订规则',
  'backorder.policy.ALLOW': '允许缺货预订',
  'backorder.policy.ALLOW.hint': '超出库存的数量照常接单，缺少的部分到货后按下单先后发货。',
  'backorder.policy.DENY': '不超出库存销售',
  'backorder.policy.DENY.hint': '超出可售数量的订单会被拒绝。',
  'backorder.policy.current': '当前',
  'backorder.policy.save': '保存规则',
  'backorder.policy.saving': '正在保存…',
  'backorder.policy.unchanged': '这就是当前规则。',
  'backorder.policy.doneALLOW': '{sku} 现已允许缺货预订。',
  'backorder.policy.doneDENY': '{sku} 不再超出库存销售。',
  'backorder.policy.readOnly': '当前：{policy}。仅库存管理人员可以更改。',
  'backorder.lookup.title': '按 SKU 设置缺货预订',
  'backorder.lookup.intro': '查找商品，查看其在所有仓库的库存，以及是否允许超出库存销售。',
  'backorder.lookup.sku': 'SKU',
  'backorder.lookup.find': '查找',
  'backorder.lookup.required': '请输入 SKU。',
  'backorder.lookup.notFound': '没有 SKU 为 {sku} 的商品。',
  'backorder.lookup.available': '所有仓库共 {count} 件可售',
}

export const stockValuesEn: Record<string, string> = {
  'stockStatus.IN_STOCK': 'In stock',
  'stockStatus.LOW_STOCK': 'Low stock',
  'stockStatus.OUT_OF_STOCK': 'Out of stock',
  'stockStatus.BACKORDER': 'On backorder',
  'backorderPolicy.ALLOW': 'Backorders allowed',
  'backorderPolicy.DENY': 'Not sold beyond stock',
}

export const stockValuesZh: Record<string, string> = {
  'stockStatus.IN_STOCK': '有货',
  'stockStatus.LOW_STOCK': '库存紧张',
  'stockStatus.OUT_OF_STOCK': '缺货',
  'stockStatus.BACKORDER': '可预订',
  'backorderPolicy.ALLOW': '允许缺货预订',
  'backorderPolicy.DENY': '不超出库存销售',
}
