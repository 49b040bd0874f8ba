using Workflow.Courses;
using Workflow.Documents.Letters;
using static Workflow.UnitTests.Documents.LetterTestData;

namespace Workflow.UnitTests.Documents;

/// <summary>The letters' layout model (pure): what each part of a Giấy mời and a nomination công văn says, as Hướng dẫn
/// 36-HD/VPTW lays it out, with times in Vietnam time and their weekday.</summary>
public sealed class PartyLettersTests
{
    [Fact]
    public void A_giay_moi_has_the_heading_number_place_and_date_type_salutation_and_signer()
    {
        var letter = Letters().Invitation(Course(), Person(), Fifteen, Issuer);

        Assert.Equal("ĐẢNG CỘNG SẢN VIỆT NAM", letter.Heading.Heading);
        Assert.Equal(("TỈNH ỦY NINH BÌNH", "BAN DÂN VẬN"), (letter.Heading.IssuerParent, letter.Heading.Issuer));
        Assert.Equal("Số 15-GM/BDVTU", letter.Heading.Number);
        Assert.Equal("Ninh Bình, ngày 07 tháng 12 năm 2026", letter.Heading.PlaceDate);
        Assert.Null(letter.Heading.Subject);
        Assert.Equal("GIẤY MỜI", letter.TypeName);
        Assert.Equal("Tham dự Lớp bồi dưỡng nghiệp vụ công tác dân vận năm 2026", letter.Summary);
        Assert.Equal("Kính gửi: đồng chí Lê Thị Thu Hằng, Phó Trưởng phòng, Sở Nội vụ", letter.Salutation);
        Assert.Equal(["K/T TRƯỞNG BAN"], letter.Authority);
        Assert.Equal(("PHÓ TRƯỞNG BAN", "Nguyễn Văn Quảng"), (letter.SignerTitle, letter.SignerName));
        Assert.Equal("Nơi nhận:", letter.RecipientsLabel);
        Assert.Equal(["- Như trên,", "- Lưu Văn phòng."], letter.Recipients);
        Assert.Equal("giay-moi-15-GM-BDVTU_le-thi-thu-hang.pdf", letter.FileName);
    }

    [Fact]
    public void The_body_gives_the_content_time_in_Vietnam_time_with_the_weekday_venue_and_the_reply_deadline()
    {
        var body = Letters().Invitation(Course(), Person(), Fifteen, Issuer).Body;

        Assert.Equal(
        [
            (null, "Ban Dân vận Tỉnh ủy tổ chức Lớp bồi dưỡng nghiệp vụ công tác dân vận năm 2026."),
            (null, "Quán triệt Nghị quyết về công tác dân vận trong tình hình mới."),
            (null, "Ban Dân vận Tỉnh ủy trân trọng kính mời đồng chí tới dự."),
            ("Thời gian:", "từ 08 giờ 00 đến 11 giờ 30, thứ Hai, ngày 14/12/2026."),
            ("Địa điểm:", "Hội trường Tỉnh ủy, số 2 đường Lê Hồng Phong."),
            ("Báo cáo viên:", "Trần Văn Đức."),
            (null, "Đề nghị đồng chí xác nhận tham dự qua đường liên kết trong thư mời điện tử trước 17 giờ 00, thứ Sáu, ngày 11/12/2026."),
            (null, "Rất mong đồng chí tham dự đúng thời gian./."),
        ],
        body.Select(p => (p.Label, p.Text)));
    }

    [Fact]
    public void Several_sessions_are_listed_one_a_line_and_a_session_past_midnight_names_both_days()
    {
        var letters = Letters();
        var body = letters.Invitation(Course(sessions: 2), Person(), Fifteen, Issuer).Body;
        Assert.Contains(body, p => p.Label == "Thời gian:" && p.Text.Length == 0);
        Assert.Contains(body, p => p.Text == "- Buổi 1: từ 08 giờ 00 đến 11 giờ 30, thứ Hai, ngày 14/12/2026.");
        Assert.Contains(body, p => p.Text == "- Buổi 2: từ 08 giờ 00 đến 11 giờ 30, thứ Ba, ngày 15/12/2026.");

        // 22:00 UTC on Saturday is 05:00 on Sunday in Vietnam.
        var night = new CourseSession(new DateTimeOffset(2026, 12, 19, 22, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 20, 20, 0, 0, TimeSpan.Zero));
        Assert.Equal("từ 05 giờ 00, Chủ nhật, ngày 20/12/2026 đến 03 giờ 00, thứ Hai, ngày 21/12/2026", letters.Session(night, "vi"));
    }

    [Theory]
    [InlineData(2026, 3, 5, "Ninh Bình, ngày 05 tháng 3 năm 2026")]
    [InlineData(2027, 2, 10, "Ninh Bình, ngày 10 tháng 02 năm 2027")]
    [InlineData(2027, 1, 1, "Ninh Bình, ngày 01 tháng 01 năm 2027")]
    [InlineData(2026, 11, 30, "Ninh Bình, ngày 30 tháng 11 năm 2026")]
    public void The_date_line_pads_days_below_10_and_the_months_January_and_February(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, Letters().PlaceDate("Ninh Bình", new DateOnly(year, month, day), "vi"));
    }

    [Fact]
    public void A_signer_in_his_own_right_has_no_authority_line_and_a_person_without_unit_is_named_alone()
    {
        var course = Course(signer: new LetterSigner("Hoàng Thị Mai", "Trưởng ban"));
        var letter = Letters().Invitation(course, Person(position: null, unit: " "), Fifteen, Issuer);
        Assert.Empty(letter.Authority);
        Assert.Equal("TRƯỞNG BAN", letter.SignerTitle);
        Assert.Equal("Kính gửi: đồng chí Lê Thị Thu Hằng", letter.Salutation);
    }

    [Fact]
    public void A_nomination_letter_is_a_cong_van_to_the_unit_with_its_quota_and_the_deadline()
    {
        var letter = Letters().Nomination(Course(), Unit(quota: 3), Fifteen with { Sequence = 7 }, Issuer);

        Assert.Equal("Số 07-CV/BDVTU", letter.Heading.Number);
        Assert.Equal("V/v cử cán bộ tham dự Lớp bồi dưỡng nghiệp vụ công tác dân vận năm 2026", letter.Heading.Subject);
        Assert.Null(letter.TypeName);
        Assert.Equal("Kính gửi: Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", letter.Salutation);
        Assert.Contains(letter.Body, p => p.Label == "Thời gian:" && p.Text == "từ 08 giờ 00 đến 11 giờ 30, thứ Hai, ngày 14/12/2026.");
        var ask = Assert.Single(letter.Body, p => p.Text.Contains("đề nghị", StringComparison.Ordinal) && p.Text.Contains("cử 03 cán bộ", StringComparison.Ordinal));
        Assert.Contains("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh cử 03 cán bộ tham dự", ask.Text, StringComparison.Ordinal);
        Assert.EndsWith("trước 17 giờ 00, thứ Sáu, ngày 11/12/2026.", ask.Text, StringComparison.Ordinal);
        Assert.Equal("cong-van-cu-can-bo-07-CV-BDVTU_uy-ban-mat-tran-to-quoc-viet-nam-tinh.pdf", letter.FileName);
    }

    [Fact]
    public void An_english_course_gets_english_words_and_the_same_numbers_and_times()
    {
        var letter = Letters().Invitation(Course(language: "en"), Person(), Fifteen, Issuer);
        Assert.Equal("COMMUNIST PARTY OF VIETNAM", letter.Heading.Heading);
        Assert.Equal("No. 15-GM/BDVTU", letter.Heading.Number);
        Assert.Equal("Ninh Bình, 7 December 2026", letter.Heading.PlaceDate);
        Assert.Equal("INVITATION", letter.TypeName);
        Assert.Equal("To: Comrade Lê Thị Thu Hằng, Phó Trưởng phòng, Sở Nội vụ", letter.Salutation);
        Assert.Contains(letter.Body, p => p.Label == "Time:" && p.Text == "from 08:00 to 11:30, Monday, 14/12/2026.");
        Assert.Equal("invitation-letter-15-GM-BDVTU_le-thi-thu-hang.pdf", letter.FileName);
    }

    [Theory]
    [InlineData(null, "Trưởng ban", null, "letter.signerName")]
    [InlineData("  ", "Trưởng ban", null, "letter.signerName")]
    [InlineData("Nguyễn Văn A", "", null, "letter.signerTitle")]
    [InlineData("Nguyễn Văn A\nB", "Trưởng ban", null, "letter.signerName")]
    [InlineData("Nguyễn Văn A", "Trưởng ban", "K/T\u0000", "letter.authority")]
    public void A_signer_without_a_name_or_title_or_with_broken_text_is_refused_naming_the_field(string? name, string title, string? authority, string field)
    {
        var problems = LetterSigner.Problems(new LetterSigner(name!, title, authority)).ToList();
        Assert.Equal(field, Assert.Single(problems).Field);
        Assert.Empty(LetterSigner.Problems(new LetterSigner("Nguyễn Văn A", "Trưởng ban", new string('K', 100))));
        Assert.Single(LetterSigner.Problems(new LetterSigner("Nguyễn Văn A", "Trưởng ban", new string('K', 101))));
    }
}
