"""R-IM-4 (3)-(10): categories recognised from what is said, in seven languages."""

from __future__ import annotations

import pytest

from tests.moderation.helpers import categories

CASES = [
    ("off_platform", "GB", "Transfer directly to my account and I'll knock 10% off."),
    ("off_platform", "ID", "tf langsung ke rek bca saya aja kak biar murah"),
    ("off_platform", "MY", "bank in terus ke akaun saya, tak payah checkout"),
    ("off_platform", "TH", "โอนตรงเข้าบัญชีร้านได้เลยค่ะ"),
    ("off_platform", "VN", "chị chuyển khoản trực tiếp cho em nhé"),
    ("off_platform", "SG", "我们私下交易吧"),
    ("off_platform", "PH", "gcash mo na lang ako para walang fee"),
    ("review_manipulation", "US", "Leave us a 5-star review and get a free gift!"),
    ("review_manipulation", "ID", "kasih bintang 5 ya kak nanti dapat cashback"),
    ("review_manipulation", "MY", "tolong padam review negatif tu"),
    ("review_manipulation", "TH", "ช่วยแก้รีวิวหน่อยนะคะ"),
    ("review_manipulation", "VN", "đánh giá 5 sao giúp shop nhé"),
    ("review_manipulation", "SG", "五星好评返现5元"),
    ("review_manipulation", "PH", "pa-5 stars naman po"),
    ("abuse", "GB", "you stupid idiot"),
    ("abuse", "ID", "dasar goblok"),
    ("abuse", "MY", "bodoh betul la kau"),
    ("abuse", "TH", "ไอ้ควาย"),
    ("abuse", "VN", "đồ ngu"),
    ("abuse", "SG", "你是白痴吗"),
    ("abuse", "PH", "tanga ka ba"),
    ("spam", "GB", "Forward this message to 10 friends to win!"),
    ("spam", "ID", "promo promo promo promo cek toko kami"),
    ("spam", "TH", "ลดราคา ลดราคา ลดราคา ลดราคา"),
    ("spam", "SG", "特价特价特价特价"),
    ("personal_data", "GB", "please send me your OTP code"),
    ("personal_data", "ID", "kirim foto KTP kakak ya"),
    ("personal_data", "TH", "ขอเลขบัตรประชาชนหน่อยครับ"),
    ("personal_data", "VN", "gửi ảnh CCCD cho shop nhé"),
    ("personal_data", "SG", "请发一下身份证照片"),
    ("personal_data", "MY", "ic pembeli 900101-14-5678"),
    ("personal_data", "SG", "her NRIC is S1234567D"),
    ("personal_data", "US", "card 4532 0151 1283 0366 exp 12/27"),
    ("fraud", "GB", "Congratulations, you won a prize! Pay a handling fee to claim it."),
    ("fraud", "ID", "akun kakak akan diblokir, konfirmasi kode sekarang"),
    ("fraud", "VN", "hoàn tiền thất bại, vui lòng xác minh tài khoản tại đường link"),
    ("fraud", "SG", "恭喜您中奖了"),
    ("illicit", "GB", "join our online casino"),
    ("illicit", "ID", "slot gacor deposit 10rb"),
    ("illicit", "TH", "แทงบอลออนไลน์"),
    ("illicit", "VN", "nhận cá độ bóng đá"),
    ("illicit", "SG", "出售大麻"),
    ("false_promise", "GB", "Pasar guarantees a double refund"),
    ("false_promise", "ID", "dijamin sembuh total"),
    ("false_promise", "TH", "รับประกันตลอดชีพจากแอป Pasar"),
    ("false_promise", "VN", "cam kết chữa khỏi tiểu đường"),
    ("false_promise", "SG", "平台保证双倍退款"),
]


@pytest.mark.parametrize(("category", "market", "text"), CASES)
def test_r_im_4_phrase_category_is_recognised_in_each_language(category: str, market: str, text: str) -> None:
    """Given a message of a phrase-list category in one of the seven languages, then that category is reported."""
    assert category in categories(text, market)


@pytest.mark.parametrize(
    ("market", "text"),
    [
        ("GB", "For your safety, never share your OTP or password with anyone."),
        ("GB", "We never ask you to pay outside the app."),
        ("ID", "Jangan pernah berikan kode OTP ke siapa pun ya kak"),
        ("TH", "อย่าบอกรหัส OTP กับใครนะคะ"),
        ("VN", "Bạn đừng cung cấp mã OTP cho ai nhé"),
        ("SG", "请不要把验证码告诉任何人"),
    ],
)
def test_r_im_4_negated_safety_advice_passes(market: str, text: str) -> None:
    """Given a warning that negates a prohibited request ("never share your OTP"), then it is allowed."""
    assert categories(text, market) == set()


def test_r_im_4_dont_forget_is_not_a_negation() -> None:
    """Given "jangan lupa kasih bintang 5" ("don't forget to give 5 stars"), then it is still review manipulation."""
    assert "review_manipulation" in categories("jangan lupa kasih bintang 5 ya kak", "ID")


def test_r_im_4_allow_list_does_not_hide_a_later_request() -> None:
    """Given thanks for an order followed by a request for 5 stars, then review manipulation is still reported."""
    assert "review_manipulation" in categories("Terima kasih sudah order, jangan lupa kasih bintang 5 ya", "ID")
    text = "Thanks for your review! Leave 5 stars next time and get a voucher"
    assert "review_manipulation" in categories(text, "GB")


# Paraphrases written after the lists, to check that entries are general rather than copies of
# the evaluation set; every one must still be caught.
PARAPHRASES = [
    ("off_platform", "GB", "Just send the payment to my PayPal and I'll post it tomorrow"),
    ("off_platform", "ID", "Mending kakak cancel aja pesanannya terus beli langsung ke saya"),
    ("off_platform", "TH", "โอนเงินเข้าบัญชีส่วนตัวของร้านได้เลยค่ะ ถูกกว่าในแอป"),
    ("off_platform", "VN", "Bạn chuyển tiền vào stk của shop rồi shop gửi luôn nhé, không cần đặt trên app"),
    ("off_platform", "PH", "Diretso mo na lang sa GCash ko yung bayad para mas mura"),
    ("review_manipulation", "GB", "We'd appreciate 5 stars, it helps a lot, and here's a 10% coupon for you"),
    ("review_manipulation", "ID", "Kak tolong ulasannya diubah jadi positif ya"),
    ("review_manipulation", "VN", "Bạn xoá giúp shop cái đánh giá 1 sao nhé"),
    ("review_manipulation", "PH", "Pwede po ba gawing 5 stars yung review niyo?"),
    ("abuse", "ID", "Otak lu di mana sih, goblok banget"),
    ("abuse", "TH", "มึงโง่หรือไง"),
    ("spam", "SG", "转发到三个群就能领红包"),
    ("personal_data", "MY", "Boleh hantar nombor IC cik?"),
    ("fraud", "MY", "Akaun anda akan disekat, sila sahkan butiran kad anda"),
    ("illicit", "SG", "网上赌场注册送彩金"),
    ("false_promise", "PH", "Garantisadong papayat ka sa loob ng isang linggo"),
]


@pytest.mark.parametrize(("category", "market", "text"), PARAPHRASES)
def test_r_im_4_paraphrases_outside_the_evaluation_set_are_caught(category: str, market: str, text: str) -> None:
    """Given a paraphrase not taken from the evaluation set, then its category is still reported."""
    assert category in categories(text, market)
