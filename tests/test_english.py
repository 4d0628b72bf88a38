"""tests/english.py finds English left on a page, and not Vietnamese or data."""

from tests.english import english_fragments, visible_text


def test_runs_of_common_english_words_are_found():
    html = "<h1>Select user to change</h1><p>Thêm người dùng</p><a>Save and continue editing</a>"
    assert english_fragments(html) == ["Select user to change", "Save and continue editing"]


def test_one_interface_word_alone_is_found():
    html = '<th>Status</th><input type="submit" value="Go"><td>Trạng thái</td>'
    assert english_fragments(html) == ["Status", "Go"]


def test_what_a_browser_shows_from_attributes_is_read():
    html = (
        '<input type="search" placeholder="Search by name" aria-label="Tìm kiếm">'
        '<button title="Toggle theme (current theme: auto)"></button>'
        '<img alt="Biểu tượng" src="x.svg"><input type="hidden" value="Add user">'
    )
    assert english_fragments(html) == ["Search by name", "Toggle theme", "current theme"]


def test_scripts_styles_and_templates_are_not_read():
    html = (
        "<script>const label = 'Add another user';</script><style>/* the main page */</style>"
        "<template><p>Delete this item</p></template><p>Xóa mục này</p>"
    )
    assert english_fragments(html) == []
    assert visible_text(html) == ["Xóa mục này"]


def test_vietnamese_without_diacritics_is_not_english():
    # "co so", "to do", "an" are Vietnamese syllables; "Long", "demo" are not in the list.
    html = "<td>co so du lieu to do</td><td>Phường Long Biên (demo)</td><td>Con an</td>"
    assert english_fragments(html) == []


def test_data_and_brands_are_allowed():
    html = (
        "<td>user12@example.vn</td><td>search_text</td><td>/admin/accounts/user/</td>"
        "<td>Ngày/giờ</td><td>https://example.vn/the/user/list</td>"
        "<td>Google Authenticator</td><td>Dân Vận Số</td><td>Added by the user</td>"
    )
    assert english_fragments(html) == ["Added by the user"]
    assert english_fragments(html, allow=["Added by the user"]) == []
    # Whole words only: an allowed "create" leaves "Last created" alone.
    assert english_fragments("<td>create</td><th>Last created</th>", allow=["create"]) == [
        "Last created"
    ]


def test_python_literals_alone_are_not_interface_words():
    html = '<img alt="True" src="icon-yes.svg"><td>None</td><td>False</td>'
    assert english_fragments(html) == []


def test_each_fragment_once_in_page_order():
    html = "<p>View history</p><p>Lịch sử</p><p>View history</p><p>Log out</p>"
    assert english_fragments(html) == ["View history", "Log out"]
