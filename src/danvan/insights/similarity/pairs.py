"""The labelled pair set on which the similarity methods are measured (issue 20, point 4).

Forty citizen matters of the kinds officers receive, each written three more ways and set
beside one hard negative:

- **reworded** — the same matter told again in other words (another citizen, another day);
- **accent** — the same matter typed without diacritics, as many send it from a phone (half
  the matters: the original folded; the other half: the rewording folded, which is harder);
- **variant** — the original with the abbreviations officers and citizens write (UBND, GCN
  QSDĐ, BHYT, TDP, ko/dc…) and one typing slip (a lost tone mark);
- **negative** — same topic, different matter: another issue at the same place, or the same
  kind of issue at another place or about another body. Not a duplicate, and the hardest
  kind of pair for both methods.

The originals, rewordings and negatives are written by hand; accent-stripped copies and
variants are made from them by the rules below (`fold` and `ABBREVIATIONS`), so they stay
reproducible. 40 × 4 = 160 pairs, 120 positive.
"""

from __future__ import annotations

from dataclasses import dataclass

from danvan.lib.text import fold

REWORDED = "reworded"
ACCENT = "accent"
VARIANT = "variant"
NEGATIVE = "negative"
KINDS = (REWORDED, ACCENT, VARIANT, NEGATIVE)

# (topic, original, reworded, hard negative)
MATTERS: tuple[tuple[str, str, str, str], ...] = (
    (
        "flooding",
        "Đoạn đường Nguyễn Trãi trước chợ phường Bình An ngập sâu mỗi khi mưa lớn, cống thoát "
        "nước bị tắc. Đề nghị Ủy ban nhân dân phường khơi thông cống.",
        "Cứ mưa to là khu vực trước cổng chợ Bình An, đường Nguyễn Trãi, lại thành sông, nước "
        "không rút được vì cống nghẹt rác. Mong phường cho nạo vét.",
        "Mặt đường Nguyễn Trãi trước chợ phường Bình An bị sụt lún, nhiều ổ gà lớn gây tai nạn "
        "cho người đi xe máy. Đề nghị Ủy ban nhân dân phường sửa chữa.",
    ),
    (
        "land",
        "Tôi nộp hồ sơ xin cấp giấy chứng nhận quyền sử dụng đất tại bộ phận một cửa xã Tân "
        "Lập từ tháng 3 năm ngoái nhưng đến nay vẫn chưa có kết quả.",
        "Gia đình tôi làm thủ tục cấp sổ đỏ ở xã Tân Lập hơn một năm rồi mà chưa được trả sổ, "
        "hỏi thì cán bộ chỉ bảo chờ.",
        "Giấy chứng nhận quyền sử dụng đất xã Tân Lập cấp cho gia đình tôi ghi sai diện tích "
        "thửa đất so với thực tế, đề nghị đính chính.",
    ),
    (
        "noise",
        "Quán karaoke đầu ngõ 45 tổ dân phố 3 mở nhạc rất to đến quá nửa đêm, ảnh hưởng giấc ngủ "
        "của người già và trẻ nhỏ.",
        "Đêm nào quán hát ở đầu ngõ 45 (tổ 3) cũng hát ầm ĩ tới 1-2 giờ sáng, cả xóm không ngủ "
        "được, đề nghị công an phường xử lý.",
        "Xưởng mộc trong ngõ 45 tổ dân phố 3 chạy máy cưa từ 5 giờ sáng, tiếng ồn và bụi gỗ "
        "bay sang nhà dân.",
    ),
    (
        "lights",
        "Cột đèn chiếu sáng ở ngã tư tổ dân phố 5 phường Hòa Khánh tắt cả tháng nay, buổi tối "
        "rất tối và nguy hiểm.",
        "Đèn đường chỗ ngã tư tổ 5 Hòa Khánh hỏng gần một tháng chưa ai sửa, tối đi làm về sợ "
        "bị cướp giật.",
        "Đèn chiếu sáng ở ngã tư tổ dân phố 5 phường Hòa Khánh bật suốt cả ngày, lãng phí điện, "
        "đề nghị điều chỉnh giờ bật tắt.",
    ),
    (
        "health_insurance",
        "Con tôi học lớp 6 trường trung học cơ sở Lê Lợi đã đóng bảo hiểm y tế từ tháng 9 nhưng "
        "đến nay vẫn chưa được cấp thẻ.",
        "Đóng tiền bảo hiểm y tế cho cháu ở trường Lê Lợi từ đầu năm học mà mãi chưa thấy thẻ, "
        "cháu ốm đi khám phải trả tiền.",
        "Trường trung học cơ sở Lê Lợi thu tiền học thêm và tiền quỹ lớp quá cao so với quy "
        "định, phụ huynh không được bàn bạc.",
    ),
    (
        "pension",
        "Bố tôi nghỉ hưu từ tháng 1 nhưng Bảo hiểm xã hội huyện chưa giải quyết chế độ hưu trí, "
        "đã ba tháng không có lương.",
        "Ba tôi về hưu đã hơn 3 tháng mà bên bảo hiểm xã hội vẫn chưa chi lương hưu, gia đình "
        "rất khó khăn.",
        "Mẹ tôi mất đã hai tháng, gia đình nộp hồ sơ hưởng trợ cấp mai táng phí ở Bảo hiểm xã "
        "hội nhưng chưa được giải quyết.",
    ),
    (
        "compensation",
        "Gia đình tôi bị thu hồi 200 mét vuông đất nông nghiệp làm dự án khu công nghiệp Phú "
        "Mỹ nhưng giá bồi thường quá thấp so với giá thị trường.",
        "Đất ruộng nhà tôi bị lấy cho khu công nghiệp Phú Mỹ, tiền đền bù chỉ bằng một phần ba "
        "giá bán ngoài thị trường, không thỏa đáng.",
        "Dự án khu công nghiệp Phú Mỹ đã thu hồi đất hai năm nhưng chưa bố trí tái định cư cho "
        "các hộ mất nhà, dân phải ở nhờ.",
    ),
    (
        "waste",
        "Rác thải tập kết ở bãi đất trống cạnh trường tiểu học xã Đông Hòa không được thu gom "
        "nhiều ngày, bốc mùi hôi thối.",
        "Bãi rác tự phát sát trường tiểu học Đông Hòa cả tuần không có xe đến chở, mùi hôi "
        "bay vào lớp học, ruồi nhặng nhiều.",
        "Người dân xã Đông Hòa đốt rơm rạ sau thu hoạch gây khói mù mịt trên quốc lộ, rất nguy "
        "hiểm cho xe qua lại.",
    ),
    (
        "water",
        "Khu dân cư tổ 7 phường Thạnh Lộc mất nước sinh hoạt liên tục một tuần nay, công ty cấp "
        "nước không thông báo.",
        "Cả tuần rồi tổ 7 Thạnh Lộc không có nước máy, phải đi mua nước bình về nấu ăn, gọi "
        "công ty nước không ai nghe.",
        "Nước máy ở tổ 7 phường Thạnh Lộc có màu vàng đục và mùi lạ, nghi bị nhiễm bẩn, đề nghị "
        "kiểm tra chất lượng nước.",
    ),
    (
        "social_allowance",
        "Mẹ tôi 82 tuổi, thuộc diện hưởng trợ cấp người cao tuổi nhưng Ủy ban nhân dân xã chưa "
        "lập danh sách đề nghị hưởng trợ cấp.",
        "Bà cụ nhà tôi đã ngoài 80 mà xã vẫn chưa đưa vào danh sách nhận tiền trợ cấp người già, "
        "hỏi mãi không thấy.",
        "Xã lập danh sách hộ nghèo năm nay không công khai, có hộ khá giả vẫn được đưa vào còn "
        "hộ thực sự khó khăn thì bị loại.",
    ),
    (
        "construction",
        "Hộ ông Trần Văn Hải ở tổ dân phố 2 xây nhà lấn chiếm lối đi chung của năm hộ dân, chính "
        "quyền phường chưa xử lý.",
        "Nhà ông Hải tổ 2 xây tường ra tận lối đi chung, năm gia đình chúng tôi giờ không có "
        "đường ra vào, báo phường mấy lần rồi.",
        "Hộ ông Trần Văn Hải ở tổ dân phố 2 xây nhà bốn tầng không có giấy phép xây dựng, làm nứt "
        "tường nhà bên cạnh.",
    ),
    (
        "road_damage",
        "Tuyến đường liên xã từ Hương Sơn đi Hương Thủy xuống cấp nghiêm trọng, ổ voi ổ gà dày "
        "đặc, xe tải chở cát chạy suốt ngày.",
        "Con đường nối Hương Sơn sang Hương Thủy nát hết vì xe chở cát quá tải, mưa xuống là lầy "
        "lội, học sinh đi học té ngã.",
        "Cầu tràn trên đường từ Hương Sơn đi Hương Thủy bị nước lũ cuốn mất lan can, người dân "
        "qua lại rất nguy hiểm.",
    ),
    (
        "school_fees",
        "Trường mầm non Hoa Sen thu nhiều khoản ngoài quy định như tiền điều hòa, tiền đồ dùng, "
        "tiền vệ sinh, phụ huynh bức xúc.",
        "Đầu năm học mầm non Hoa Sen bắt nộp đủ thứ tiền: máy lạnh, đồ dùng, vệ sinh… ngoài học "
        "phí, nhiều nhà không kham nổi.",
        "Trường mầm non Hoa Sen để cháu bị ngã gãy tay trong giờ ra chơi nhưng cô giáo không báo "
        "cho gia đình kịp thời.",
    ),
    (
        "pollution",
        "Nhà máy chế biến mủ cao su ở xã Lộc Hưng xả nước thải chưa xử lý ra suối, cá chết hàng "
        "loạt, mùi hôi nồng nặc.",
        "Suối ở Lộc Hưng đen ngòm, cá chết trắng, dân nghi do nhà máy mủ cao su thải nước bẩn "
        "ban đêm.",
        "Nhà máy chế biến mủ cao su ở xã Lộc Hưng nợ lương công nhân ba tháng và không đóng bảo "
        "hiểm xã hội cho người lao động.",
    ),
    (
        "certificate_delay",
        "Tôi làm thủ tục đăng ký khai sinh cho con tại Ủy ban nhân dân phường Tân Định đã quá "
        "hạn năm ngày mà chưa nhận được giấy khai sinh.",
        "Đăng ký khai sinh cho cháu ở phường Tân Định, hẹn 3 ngày mà hơn một tuần vẫn chưa có "
        "giấy, đi lại nhiều lần.",
        "Cán bộ tư pháp phường Tân Định đòi thêm tiền ngoài lệ phí khi chứng thực bản sao giấy "
        "tờ cho người dân.",
    ),
    (
        "electricity",
        "Điện lưới thôn 4 xã Ea Tiêu chập chờn, điện áp yếu, các hộ không dùng được máy bơm "
        "tưới cà phê trong mùa khô.",
        "Mùa khô mà điện ở thôn 4 Ea Tiêu yếu quá, máy bơm không chạy nổi, vườn cà phê sắp chết "
        "khô hết.",
        "Tiền điện tháng này của nhiều hộ thôn 4 xã Ea Tiêu tăng gấp ba bất thường, đề nghị "
        "điện lực kiểm tra lại công tơ.",
    ),
    (
        "corruption",
        "Cán bộ địa chính xã Phước Thắng gợi ý nộp 10 triệu đồng để hồ sơ chuyển mục đích sử "
        "dụng đất được giải quyết nhanh.",
        "Ông cán bộ địa chính Phước Thắng đòi tôi đưa mười triệu thì mới làm nhanh hồ sơ chuyển "
        "đất vườn lên đất ở.",
        "Cán bộ địa chính xã Phước Thắng đo đạc sai ranh giới thửa đất, làm phát sinh tranh "
        "chấp giữa hai gia đình.",
    ),
    (
        "flood_relief",
        "Thôn Trung Hòa bị lũ quét làm sập 12 nhà nhưng đến nay chưa nhận được tiền hỗ trợ khắc "
        "phục hậu quả thiên tai.",
        "Sau trận lũ quét, 12 hộ ở Trung Hòa mất nhà mà chưa thấy đồng hỗ trợ nào, bà con đang "
        "phải ở lều tạm.",
        "Đập thủy lợi đầu thôn Trung Hòa bị rò rỉ nước, dân lo mùa mưa tới vỡ đập gây lũ cho "
        "cả thôn.",
    ),
    (
        "traffic",
        "Xe tải trọng lớn thường xuyên chạy vào đường Lê Duẩn giờ cao điểm, gây ùn tắc và mất "
        "an toàn cho học sinh.",
        "Giờ tan trường mà xe container vẫn chạy ầm ầm trên Lê Duẩn, kẹt xe kéo dài, các cháu "
        "đi học rất nguy hiểm.",
        "Đèn tín hiệu giao thông ở ngã ba Lê Duẩn bị hỏng, xe cộ đi lộn xộn, đã xảy ra mấy vụ "
        "va chạm.",
    ),
    (
        "market",
        "Ban quản lý chợ Đầm tăng phí thuê ki-ốt gấp đôi mà không thông báo trước, tiểu thương "
        "không đồng tình.",
        "Tiểu thương chợ Đầm phản đối vì tự nhiên bị nâng tiền thuê sạp lên gấp hai, không ai "
        "họp bàn với bà con.",
        "Chợ Đầm không có phương tiện phòng cháy chữa cháy, dây điện chằng chịt, tiểu thương lo "
        "cháy chợ.",
    ),
    (
        "stray_dogs",
        "Chó thả rông ở khu phố 4 phường Linh Trung không rọ mõm, đã cắn hai cháu nhỏ trong "
        "tháng này.",
        "Khu phố 4 Linh Trung chó chạy lung tung ngoài đường, tháng này có hai em bé bị chó cắn "
        "phải đi tiêm phòng dại.",
        "Lò mổ heo tự phát ở khu phố 4 phường Linh Trung xả chất thải ra cống chung gây mùi hôi.",
    ),
    (
        "irrigation",
        "Kênh mương nội đồng thôn Đông xã Yên Phong bị bồi lấp, nước không về ruộng, hơn 20 héc "
        "ta lúa có nguy cơ mất trắng.",
        "Mương tưới thôn Đông Yên Phong đầy bùn đất, ruộng khô nứt nẻ, mấy chục héc ta lúa đang "
        "chết vì thiếu nước.",
        "Giá dịch vụ thủy lợi thôn Đông xã Yên Phong thu cao hơn mức nhà nước hỗ trợ, bà con "
        "không rõ thu để làm gì.",
    ),
    (
        "unemployment_benefit",
        "Tôi bị công ty cho nghỉ việc, đã nộp hồ sơ hưởng trợ cấp thất nghiệp tại trung tâm dịch "
        "vụ việc làm hơn một tháng chưa có quyết định.",
        "Mất việc từ tháng trước, hồ sơ thất nghiệp nộp ở trung tâm việc làm tỉnh đến giờ vẫn "
        "chưa được duyệt tiền.",
        "Công ty cho tôi nghỉ việc nhưng không chốt sổ bảo hiểm xã hội nên tôi không làm được "
        "thủ tục gì.",
    ),
    (
        "resettlement",
        "Khu tái định cư Hòa Phước giao nền đã ba năm nhưng chưa có đường điện, nước sạch, các "
        "hộ không thể xây nhà.",
        "Được giao đất tái định cư ở Hòa Phước từ lâu mà đến nay vẫn chưa có điện nước, nhà nào "
        "cũng chưa dám cất.",
        "Các hộ ở khu tái định cư Hòa Phước phản ánh giá đất nền tái định cư tính cao hơn giá "
        "bồi thường đất bị thu hồi.",
    ),
    (
        "hospital",
        "Bệnh viện đa khoa huyện Mỹ Đức bắt bệnh nhân có bảo hiểm y tế tự mua thuốc ngoài danh "
        "mục với giá cao.",
        "Nằm viện ở Mỹ Đức có thẻ bảo hiểm mà bác sĩ vẫn kê đơn bắt ra ngoài mua thuốc, tốn cả "
        "triệu đồng.",
        "Bệnh viện đa khoa huyện Mỹ Đức cho người nhà bệnh nhân nằm hành lang, nhà vệ sinh bẩn, "
        "không đủ giường bệnh.",
    ),
    (
        "tree_hazard",
        "Cây xà cừ cổ thụ trước số nhà 18 đường Trần Phú nghiêng hẳn ra đường, rễ bật lên, có "
        "nguy cơ đổ khi mưa bão.",
        "Cái cây xà cừ to trước nhà 18 Trần Phú nghiêng ra lòng đường, gió mạnh là sợ đổ đè "
        "người, nhờ cắt tỉa gấp.",
        "Cây xanh trên vỉa hè đường Trần Phú bị người bán hàng chặt phá để lấy chỗ để xe và "
        "buôn bán.",
    ),
    (
        "sidewalk",
        "Các quán ăn trên phố Hàng Buồm lấn chiếm toàn bộ vỉa hè để bày bàn ghế, người đi bộ "
        "phải đi xuống lòng đường.",
        "Hàng Buồm giờ không còn vỉa hè cho người đi bộ, quán xá bày bàn ghế kín lối, phải đi "
        "dưới đường rất nguy hiểm.",
        "Phố Hàng Buồm thường xuyên bị mất điện vào buổi tối làm các hộ kinh doanh thiệt hại.",
    ),
    (
        "wage_arrears",
        "Công ty may Phú Thành nợ lương công nhân hai tháng, ban giám đốc không trả lời, công "
        "nhân đã ngừng việc tập thể.",
        "Cả xưởng may Phú Thành hai tháng chưa được nhận lương, hỏi giám đốc thì né tránh, anh "
        "chị em phải đình công.",
        "Công ty may Phú Thành bắt công nhân tăng ca đến 10 giờ đêm liên tục mà không trả tiền "
        "làm thêm giờ theo luật.",
    ),
    (
        "meritorious",
        "Ông nội tôi là thương binh hạng 3/4 nhưng từ đầu năm Phòng Nội vụ chưa chi trả trợ cấp "
        "ưu đãi hằng tháng.",
        "Mấy tháng nay ông tôi, thương binh 3/4, không được nhận tiền trợ cấp người có công, hỏi "
        "phòng nội vụ thì bảo chờ.",
        "Nhà tình nghĩa xây cho mẹ liệt sĩ ở thôn 2 nay đã dột nát, xin được hỗ trợ sửa chữa.",
    ),
    (
        "land_dispute",
        "Hộ bà Nguyễn Thị Lan ở thôn Bắc tự ý rào chiếm phần đất vườn giáp ranh của gia đình "
        "tôi, hòa giải ở thôn không thành.",
        "Bà Lan thôn Bắc dựng hàng rào lấn sang vườn nhà tôi gần một mét, thôn hòa giải rồi "
        "nhưng bà ấy không chịu trả.",
        "Hộ bà Nguyễn Thị Lan ở thôn Bắc đổ đất san lấp ao làm nước tràn vào ruộng lúa của các "
        "hộ xung quanh.",
    ),
    (
        "bus",
        "Tuyến xe buýt số 12 bỏ bến trạm trước bệnh viện tỉnh, người bệnh và người già phải đi "
        "bộ xa để bắt xe.",
        "Xe buýt tuyến 12 không chịu dừng ở trạm bệnh viện tỉnh nữa, người già đi khám phải "
        "cuốc bộ cả cây số.",
        "Tài xế xe buýt tuyến số 12 chạy ẩu, vượt đèn đỏ, thái độ thô lỗ với hành khách là học "
        "sinh.",
    ),
    (
        "internet_fraud",
        "Nhiều người cao tuổi ở phường Phú Hội bị gọi điện giả danh công an yêu cầu chuyển tiền "
        "để giải quyết hồ sơ, đã có người mất tiền.",
        "Người già ở Phú Hội liên tục nhận cuộc gọi mạo danh công an bắt chuyển khoản, bà hàng "
        "xóm tôi bị lừa mất 50 triệu.",
        "Công an phường Phú Hội làm căn cước cho người cao tuổi chậm, hẹn nhiều lần vẫn chưa "
        "có thẻ.",
    ),
    (
        "cemetery",
        "Nghĩa trang nhân dân xã Quảng Thọ quá tải, không còn chỗ chôn cất, xã chưa quy hoạch "
        "nghĩa trang mới.",
        "Nghĩa địa xã Quảng Thọ hết đất rồi, nhà có người mất không biết chôn ở đâu, đề nghị xã "
        "sớm mở nghĩa trang mới.",
        "Đường vào nghĩa trang nhân dân xã Quảng Thọ lầy lội, xe tang không vào được mỗi khi mưa.",
    ),
    (
        "drug",
        "Khu vực bờ kè sông Tô Lịch đoạn tổ 9 thường có đối tượng tụ tập sử dụng ma túy vào ban "
        "đêm, vứt kim tiêm bừa bãi.",
        "Tối nào ở bờ kè Tô Lịch chỗ tổ 9 cũng có bọn nghiện tụ tập chích hút, sáng ra kim tiêm "
        "vương vãi, trẻ con chơi rất sợ.",
        "Bờ kè sông Tô Lịch đoạn tổ 9 bị sạt lở một đoạn dài, lan can gãy, rất nguy hiểm cho "
        "người đi bộ.",
    ),
    (
        "agriculture_support",
        "Các hộ nuôi lợn thôn Tân Phú bị dịch tả lợn châu Phi phải tiêu hủy đàn nhưng chưa được "
        "nhận tiền hỗ trợ theo quy định.",
        "Lợn nhà tôi và mấy nhà trong thôn Tân Phú bị tả châu Phi, chôn hết rồi mà tiền hỗ trợ "
        "của nhà nước chưa thấy đâu.",
        "Trại lợn của một doanh nghiệp ở thôn Tân Phú xả phân ra kênh tưới, mùi hôi ảnh hưởng "
        "cả thôn.",
    ),
    (
        "housing_permit",
        "Tôi nộp hồ sơ xin giấy phép xây dựng nhà ở riêng lẻ tại Ủy ban nhân dân quận đã 40 "
        "ngày, quá hạn mà chưa được cấp.",
        "Xin giấy phép xây nhà ở quận hơn một tháng rưỡi rồi, quá hẹn lâu mà vẫn bảo hồ sơ đang "
        "xem xét.",
        "Ủy ban nhân dân quận cấp giấy phép cho công trình bên cạnh xây sát ranh đất nhà tôi, "
        "không chừa khoảng lùi.",
    ),
    (
        "teacher",
        "Giáo viên chủ nhiệm lớp 4A trường tiểu học Kim Đồng đánh học sinh gây bầm tím, đề nghị "
        "nhà trường xử lý nghiêm.",
        "Cô chủ nhiệm 4A Kim Đồng đánh cháu nhà tôi thâm tím cả tay, mong ban giám hiệu làm rõ "
        "và kỷ luật.",
        "Trường tiểu học Kim Đồng thiếu giáo viên tiếng Anh, lớp 4A cả học kỳ không có giờ học "
        "tiếng Anh.",
    ),
    (
        "food_safety",
        "Nhiều học sinh trường trung học cơ sở Nguyễn Du bị đau bụng, nôn sau bữa ăn bán trú, "
        "nghi ngộ độc thực phẩm.",
        "Hôm qua mấy chục cháu ăn trưa ở trường Nguyễn Du xong bị nôn ói, đau bụng, phụ huynh "
        "lo là thức ăn bán trú không đảm bảo.",
        "Căng tin trường trung học cơ sở Nguyễn Du bán nước ngọt, đồ ăn vặt không rõ nguồn gốc "
        "cho học sinh ngay trong trường.",
    ),
    (
        "sand_mining",
        "Tình trạng khai thác cát trái phép trên sông Thu Bồn đoạn qua xã Duy Phước diễn ra ban "
        "đêm, gây sạt lở bờ sông.",
        "Đêm nào cũng có ghe hút cát lậu trên sông Thu Bồn chỗ Duy Phước, bờ sông lở vào sát nhà "
        "dân rồi.",
        "Bến đò ngang qua sông Thu Bồn ở xã Duy Phước không có áo phao, đò chở quá số người quy "
        "định.",
    ),
    (
        "public_land",
        "Ủy ban nhân dân xã Hòa Tiến cho thuê đất công ích 5% không qua đấu giá, một số hộ được "
        "thuê với giá rất thấp.",
        "Đất công ích của xã Hòa Tiến được cho mấy nhà quen thuê giá rẻ bèo, không đấu giá công "
        "khai, dân không biết.",
        "Ủy ban nhân dân xã Hòa Tiến chậm chi trả tiền hỗ trợ giống lúa sau lũ cho các hộ nông "
        "dân.",
    ),
)

# Abbreviations as officers and citizens write them, and the shorthand of text messages.
# Applied in this order (longest phrases first), each once, case as written.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("giấy chứng nhận quyền sử dụng đất", "GCN QSDĐ"),
    ("Ủy ban nhân dân", "UBND"),
    ("trường trung học cơ sở", "trường THCS"),
    ("trung học cơ sở", "THCS"),
    ("Bảo hiểm xã hội", "BHXH"),
    ("bảo hiểm xã hội", "BHXH"),
    ("bảo hiểm y tế", "BHYT"),
    ("tổ dân phố", "TDP"),
    ("khu công nghiệp", "KCN"),
    ("phòng cháy chữa cháy", "PCCC"),
    ("Phòng Nội vụ", "P.NV"),
    ("bệnh viện đa khoa", "BVĐK"),
    ("phường", "P."),
    ("không", "ko"),
    ("được", "dc"),
    ("đề nghị", "đn"),
    ("người dân", "ng dân"),
    ("gia đình", "gđ"),
    ("tháng", "th"),
)

# A lost tone mark: the slip of a phone keyboard, on the first word that has one of these.
_SLIPS = (("ị", "i"), ("ạ", "a"), ("ố", "ô"), ("ấ", "â"), ("ườ", "ươ"), ("ả", "a"), ("ế", "ê"))


@dataclass(frozen=True)
class Pair:
    group: int  # the matter the pair was made from
    kind: str
    topic: str
    a: str
    b: str
    same: bool


def abbreviated(text: str) -> str:
    """`text` as written with abbreviations and one lost tone mark (the variant)."""
    out = text
    for long, short in ABBREVIATIONS:
        out = out.replace(long, short)
    for marked, plain in _SLIPS:
        if marked in out:
            return out.replace(marked, plain, 1)
    return out


def pairs() -> list[Pair]:
    """The labelled pairs, in a fixed order."""
    result: list[Pair] = []
    for i, (topic, original, reworded, negative) in enumerate(MATTERS):
        stripped = fold(original) if i % 2 == 0 else fold(reworded)
        result += [
            Pair(i, REWORDED, topic, original, reworded, True),
            Pair(i, ACCENT, topic, original, stripped, True),
            Pair(i, VARIANT, topic, original, abbreviated(original), True),
            Pair(i, NEGATIVE, topic, original, negative, False),
        ]
    return result


__all__ = ["ACCENT", "KINDS", "MATTERS", "NEGATIVE", "REWORDED", "VARIANT", "Pair", "pairs"]
