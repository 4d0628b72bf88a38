import pytest

from danvan.lib.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đắk Lắk", "dak lak"),
        ("Đảng ủy", "dang uy"),
        ("  Thành   phố Hồ Chí Minh ", "thanh pho ho chi minh"),
        ("ĐẶC KHU Phú Quốc", "dac khu phu quoc"),
        ("Nghị quyết 25-NQ/TW", "nghi quyet 25-nq/tw"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_strips_marks_maps_d_bar_and_lowercases(text, folded):
    assert fold(text) == folded


def test_fold_treats_composed_and_decomposed_forms_alike():
    import unicodedata

    composed = "Hòa Bình"
    assert fold(unicodedata.normalize("NFD", composed)) == fold(composed) == "hoa binh"
