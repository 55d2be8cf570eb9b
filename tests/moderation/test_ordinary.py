"""R-IM-4: ordinary customer-service messages must pass (the usual false-alarm sources)."""

from __future__ import annotations

import pytest

from pasar.moderation import check

ORDINARY = [
    ("ID", "Order 578912345612345678 sudah dikirim ya kak"),
    ("ID", "No. pesanan #20240512-8812 sudah kami proses"),
    ("ID", "Resi JNE CGK1234567890, estimasi 2-3 hari"),
    ("ID", "SPXID0123456789 sudah di gudang transit"),
    ("US", "UPS tracking 1Z999AA10123456784"),
    ("US", "USPS tracking 9400 1000 0000 0000 0000 00"),
    ("ID", "Harganya Rp 125.000 kak, kalau 2 jadi Rp 1.250.000"),
    ("MY", "RM 49.90 sahaja, free postage"),
    ("VN", "Giá ₫350,000 ạ, hoặc 1.250.000 VND cho combo"),
    ("GB", "It's £12.99 with free delivery"),
    ("TH", "ราคา ฿1,290 ค่ะ"),
    ("ID", "size 42 ready, meja 120x60 cm, botol 500ml"),
    ("GB", "It will ship by 12/05/2024, latest 15:30"),
    ("ID", "Dikirim 2024-05-12 jam 14.00 WIB"),
    ("ID", "Kode varian SKU-AB12-9981 ya kak"),
    ("ID", "Ambil di Pasar Pickup Point, Jl. Gatot Subroto Kav. 52, Jakarta 12950"),
    ("US", "Pasar Point, 1201 3rd Ave, Seattle, WA 98101"),
    ("SG", "Pasar Pickup, 1 Raffles Place #02-01, Singapore 048616"),
    ("GB", "We're online until the deadline tonight"),
    ("ID", "Kawan saya juga bawa barang ini, wa'alaikumsalam"),
    ("GB", "The television stand and the telescope ship separately"),
    ("GB", "Line 2 of your order is out of stock, sorry"),
    ("TH", "ร้านเปิดออนไลน์ทุกวันค่ะ"),
    ("VN", "Máy giặt này chạy êm, em đi ngủ sớm nhé"),
    ("ID", "Silakan bayar ke virtual account 8808 1234 5678 9012 di aplikasi"),
    ("GB", "Payment is handled by Pasar; we never ask you to transfer money outside the app."),
    ("GB", "Thanks for your review! Feel free to leave honest feedback."),
    ("US", "Battery is 5000mAh, charges in 2 hours, model iPhone 15"),
    ("GB", "Invoice INV/20240512/MPL/3812345678 is in your order page"),
    ("SG", "谢谢下单，今天就给您打包，订单号578912345612345678"),
    ("PH", "Salamat po! Order no. 2405123456 na-process na"),
    ("MY", "Saiz 38 39 40 41 42 43 44 ada stok"),
    ("GB", "Sizes 6 8 10 12 14 16 18 in stock"),
    ("ID", "Terima kasih sudah kasih bintang 5 kak!"),
    ("GB", "Thank you for the 5-star review!"),
    ("VN", "Cảm ơn bạn đã đánh giá 5 sao cho shop"),
    ("SG", "谢谢您的五星好评"),
    ("GB", "Thanks! I'll be online at 9 pm."),
    ("US", "The TV is 55 inch, model 55UQ8000"),
    ("MY", "Refund of RM 120.50 has been credited to your bank account"),
    ("ID", "Alamat Jl. Merdeka No. 12 RT 03/RW 05, Kel. Sukamaju, Bandung 40123"),
    ("US", "IMEI 356938035643809"),
    ("VN", "Đơn hàng của bạn: 2405120012345"),
    ("TH", "ยอดรวม 1,290 บาท ส่งภายใน 2-3 วัน"),
    ("ID", "Kak, mohon jangan transfer ke rekening mana pun selain lewat aplikasi ya"),
    ("US", "Tracking 9400 1118 9922 3356 7890 12 via USPS"),
    ("SG", "运费$3.50，满$30包邮"),
]


@pytest.mark.parametrize(("market", "text"), ORDINARY)
def test_r_im_4_ordinary_look_alike_passes(market: str, text: str) -> None:
    """Given an ordinary message full of order numbers, prices, sizes, dates or substrings of names, then allowed."""
    verdict = check(text, market)
    assert verdict.allowed, [(v.category, text[v.start : v.end]) for v in verdict.violations]
    assert verdict.violations == ()
