package orders_test

import "github.com/waybill/waybill/internal/contact"

func addressShanghai() contact.Address {
	return contact.Address{Province: "上海市", City: "上海", District: "浦东新区", Line1: "世纪大道 100 号 8 楼", PostalCode: "200120"}
}
