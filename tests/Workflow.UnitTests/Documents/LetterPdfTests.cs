using UglyToad.PdfPig;
using Workflow.Documents.Letters;
using static Workflow.UnitTests.Documents.LetterTestData;

namespace Workflow.UnitTests.Documents;

/// <summary>The letters' PDF read back with PdfPig: A4 portrait, every part of the layout in Noto Serif with its
/// diacritics, long typed text wrapped to the margins and printed whole.</summary>
public sealed class LetterPdfTests
{
    [Fact]
    public void A_giay_moi_reads_back_with_number_names_dates_and_signer_in_embedded_Noto_Serif()
    {
        var bytes = Pdf().Render([Letters().Invitation(Course(), Person(), Fifteen, Issuer)]);
        Dump(bytes, "giay-moi");

        using var document = PdfDocument.Open(bytes);
        var page = Assert.Single(document.GetPages());
        Assert.True(page.Height > page.Width, "portrait");
        var text = Text(page);
        foreach (var part in new[]
        {
            "ĐẢNG CỘNG SẢN VIỆT NAM", "TỈNH ỦY NINH BÌNH", "BAN DÂN VẬN", "Số 15-GM/BDVTU", "Ninh Bình, ngày 07 tháng 12 năm 2026", "GIẤY MỜI",
            "Kính gửi: đồng chí Lê Thị Thu Hằng, Phó Trưởng phòng, Sở Nội vụ", "thứ Hai, ngày 14/12/2026", "từ 08 giờ 00 đến 11 giờ 30",
            "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn Quảng", "Nơi nhận:", "- Lưu Văn phòng.",
        })
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }

        Assert.All(page.Letters, l => Assert.Matches(@"^[A-Z]{6}\+Noto Serif", l.FontName));

        // The heading's left and right columns: the issuer left of the middle, the Party's title and the date right of it.
        var middle = page.Width / 2;
        Assert.True(page.GetWords().First(w => w.Text == "DÂN").BoundingBox.Left < middle);
        Assert.True(page.GetWords().First(w => w.Text == "CỘNG").BoundingBox.Left > middle);
        Assert.True(page.GetWords().First(w => w.Text == "Quảng").BoundingBox.Left > middle, "the signer signs on the right");
    }

    [Fact]
    public void A_nomination_letter_reads_back_with_its_unit_quota_and_deadline()
    {
        var bytes = Pdf().Render([Letters().Nomination(Course(), Unit(), Fifteen with { Sequence = 16 }, Issuer)]);
        Dump(bytes, "cong-van-cu-can-bo");
        using var document = PdfDocument.Open(bytes);
        var text = Text(Assert.Single(document.GetPages()));
        Assert.Contains("Số 16-CV/BDVTU", text, StringComparison.Ordinal);
        Assert.Contains("V/v cử cán bộ tham dự", text, StringComparison.Ordinal);
        Assert.Contains("Kính gửi: Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", text, StringComparison.Ordinal);
        Assert.Contains("cử 03 cán bộ", text, StringComparison.Ordinal);
        Assert.Contains("17 giờ 00, thứ Sáu, ngày 11/12/2026", text, StringComparison.Ordinal);
        Assert.DoesNotContain("GIẤY MỜI", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_typed_text_is_printed_literally_and_wrapped_inside_the_margins()
    {
        var name = "<script>alert('x')</script> Nguyễn <b>Văn</b> " + string.Concat(Enumerable.Repeat("Trường", 60));
        var bytes = Pdf().Render([Letters().Invitation(Course(), Person(name: name, unit: "{{ unit }} &amp; -name-"), Fifteen, Issuer)]);
        using var document = PdfDocument.Open(bytes);
        var pages = document.GetPages().ToList();
        var text = string.Concat(pages.SelectMany(p => p.Letters).Select(l => l.Value));
        Assert.Contains("<script>alert('x')</script>", text, StringComparison.Ordinal);
        Assert.Contains("<b>Văn</b>", text, StringComparison.Ordinal);
        Assert.Contains("{{ unit }} &amp;", text, StringComparison.Ordinal);
        Assert.Equal(60, CountOf(text, "Trường"));
        Assert.All(pages.SelectMany(p => p.Letters), l => Assert.InRange(l.BoundingBox.Right, 0, pages[0].Width - 40));
    }

    [Fact]
    public void All_letters_of_a_course_make_one_pdf_of_a_page_each()
    {
        var letters = Letters();
        var bytes = Pdf().Render([.. new[] { "Phạm Minh Đức", "Vũ Thị Ánh" }.Select(n => letters.Invitation(Course(), Person(name: n), Fifteen, Issuer))]);
        using var document = PdfDocument.Open(bytes);
        Assert.Equal(2, document.NumberOfPages);
        Assert.Contains("Phạm Minh Đức", Text(document.GetPage(1)), StringComparison.Ordinal);
        Assert.Contains("Vũ Thị Ánh", Text(document.GetPage(2)), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static string Text(UglyToad.PdfPig.Content.Page page) => string.Join(" ", page.GetWords().Select(w => w.Text));

    /// <summary>For the docs' screenshots: set WORKFLOW_LETTERS_OUT to a folder to keep the PDFs (never needed by the tests).</summary>
    private static void Dump(byte[] bytes, string name)
    {
        if (Environment.GetEnvironmentVariable("WORKFLOW_LETTERS_OUT") is { Length: > 0 } folder)
        {
            File.WriteAllBytes(Path.Combine(folder, name + ".pdf"), bytes);
        }
    }
}
