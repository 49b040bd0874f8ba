using System.Globalization;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using Workflow.Courses;
using Workflow.Courses.Certificates;
using Workflow.Courses.Reports;
using Workflow.Hosting;
using Workflow.Templates;
using static Workflow.UnitTests.Courses.Certificates.CertificateTestData;

namespace Workflow.UnitTests.Courses.Reports;

/// <summary>The sign-in sheet of a session (issue 18 item 3): who is on it, in which order, and the PDF read back with PdfPig.</summary>
public sealed class SignInSheetTests
{
    private static Invitee Waiting(string id, string name, string? unit, long arrival) =>
        Person(id, name, unit, InviteeStatus.Waitlisted, marks: [], report: false) with { Arrival = arrival };

    private static readonly Invitee[] People =
    [
        Person("a1", "Nguyễn Thị Bình", "Sở Nội vụ"),
        Person("a2", "Lê Văn An", "Sở Nội vụ"),
        Person("a3", "Trần Văn Ánh", "Đảng ủy xã Quảng Phú"),
        Person("a4", "Phạm Thị Dung", "Ban Dân vận huyện Gia Viễn"),
        Person("a5", "Hoàng Văn Em", null),
        Person("a6", "Vũ Thị Yến", "Ủy ban nhân dân xã Ninh Hải"),
        Waiting("w1", "Đỗ Văn Cường", "Sở Nội vụ", arrival: 20),
        Waiting("w2", "Bùi Thị Ánh", "Ban Dân vận huyện Gia Viễn", arrival: 10),
        Person("d1", "Mai Văn Từ Chối", "Sở Nội vụ", InviteeStatus.Declined, marks: []),
        Person("p1", "Đinh Văn Chưa Trả Lời", "Sở Nội vụ", InviteeStatus.Pending, marks: []),
    ];

    [Fact]
    public void Accepted_people_come_by_unit_then_given_name_and_the_waitlist_follows_in_its_order()
    {
        var rows = SignInSheets.Rows(People);

        // Units in Vietnamese order (B < S < Ư/U < Đ after D: "Đảng" after "Ban", "Ủy" after "Sở"), people without a unit last;
        // in a unit by given name (An before Bình); then the waitlist, next to get a seat first; nobody who declined or is pending.
        Assert.Equal(
            ["Phạm Thị Dung", "Trần Văn Ánh", "Lê Văn An", "Nguyễn Thị Bình", "Vũ Thị Yến", "Hoàng Văn Em", "Bùi Thị Ánh", "Đỗ Văn Cường"],
            rows.Select(r => r.Name));
        Assert.Equal(Enumerable.Range(1, 8), rows.Select(r => r.Number));
        Assert.Equal([null, null, null, null, null, null, 1, 2], rows.Select(r => r.WaitlistPosition));
        Assert.Equal(6, rows.Count(r => !r.Waitlisted));
    }

    [Fact]
    public void Units_sort_in_Vietnamese_collation_where_ordinal_order_would_differ()
    {
        var rows = SignInSheets.Rows([Person("x1", "A", "Ủy ban xã"), Person("x2", "B", "Đảng ủy xã"), Person("x3", "C", "Sở Tư pháp"), Person("x4", "D", "Dân vận")]);

        Assert.Equal(["Dân vận", "Đảng ủy xã", "Sở Tư pháp", "Ủy ban xã"], rows.Select(r => r.Unit));
    }

    [Fact]
    public void The_pdf_names_course_session_in_Vietnam_time_venue_and_every_person_with_diacritics()
    {
        var course = Course();
        var sheet = SignInSheets.For(course, 2, People);
        var bytes = Pdf().Render(sheet, new DateOnly(2027, 5, 10));
        Save("sign-in-sheet", bytes);

        using var document = PdfDocument.Open(bytes);
        var page = Assert.Single(document.GetPages());
        Assert.True(page.Height > page.Width, "portrait");
        var text = Text(page);
        Assert.Contains("ĐẢNG CỘNG SẢN VIỆT NAM", text, StringComparison.Ordinal);
        Assert.Contains("DANH SÁCH KÝ NHẬN", text, StringComparison.Ordinal);
        Assert.Contains("Bồi dưỡng nghiệp vụ công tác dân vận", text, StringComparison.Ordinal);
        // Session 2 starts 14/05/2027 08:00 Vietnam time (01:00 UTC): a Friday.
        Assert.Contains("Buổi 2/2: Thứ Sáu, 14/05/2027, 08:00 – 11:00", text, StringComparison.Ordinal);
        Assert.Contains("Địa điểm: Hội trường", text, StringComparison.Ordinal);
        Assert.Contains("Ninh Bình, ngày 10 tháng 05 năm 2027", text, StringComparison.Ordinal);
        Assert.Contains("TỈNH ỦY NINH BÌNH", text, StringComparison.Ordinal); // the issuing body of Workflow:Documents, as on the letters
        Assert.Contains("BAN DÂN VẬN", text, StringComparison.Ordinal);
        foreach (var name in new[] { "Nguyễn Thị Bình", "Trần Văn Ánh", "Vũ Thị Yến", "Đỗ Văn Cường" })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Mai Văn Từ Chối", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Phạm Thị Dung", StringComparison.Ordinal) < text.IndexOf("Lê Văn An", StringComparison.Ordinal), "unit order on the page");
        var waitlist = text.IndexOf("DANH SÁCH CHỜ", StringComparison.Ordinal);
        Assert.True(waitlist > text.IndexOf("Hoàng Văn Em", StringComparison.Ordinal) && waitlist < text.IndexOf("Bùi Thị Ánh", StringComparison.Ordinal), "the waitlist after the accepted, marked");
        Assert.Contains("chờ số 1", text, StringComparison.Ordinal);
        Assert.Contains("Ký nhận", text, StringComparison.Ordinal);
        Assert.Contains("Trang 1/1", text, StringComparison.Ordinal);
        Assert.All(page.Letters, l => Assert.Matches(@"^[A-Z]{6}\+Noto Serif", l.FontName));
    }

    [Fact]
    public void A_long_list_runs_over_pages_each_with_the_table_heading_and_its_number()
    {
        var many = Enumerable.Range(1, 70).Select(n => Person("m" + n.ToString("000", CultureInfo.InvariantCulture), "Người Thứ " + n.ToString("000", CultureInfo.InvariantCulture), "Sở Nội vụ")).ToList();
        var bytes = Pdf().Render(SignInSheets.For(Course(), 1, many), new DateOnly(2027, 5, 10));
        Save("sign-in-sheet-long", bytes);
        using var document = PdfDocument.Open(bytes);

        Assert.True(document.NumberOfPages >= 3, $"{document.NumberOfPages} pages");
        foreach (var page in document.GetPages())
        {
            var text = Text(page);
            Assert.Contains("Họ và tên", text, StringComparison.Ordinal);
            Assert.Contains("Ký nhận", text, StringComparison.Ordinal);
            Assert.Contains($"Trang {page.Number}/{document.NumberOfPages}", text, StringComparison.Ordinal);
        }

        var all = string.Join(" ", document.GetPages().Select(Text));
        Assert.All(many, p => Assert.Contains(p.Name, all, StringComparison.Ordinal));
    }

    [Fact]
    public void An_english_course_gets_english_words()
    {
        using var document = PdfDocument.Open(Pdf().Render(SignInSheets.For(Course(language: "en"), 1, People), new DateOnly(2027, 5, 10)));
        var text = Text(document.GetPage(1));

        Assert.Contains("SIGN-IN SHEET", text, StringComparison.Ordinal);
        Assert.Contains("Session 1 of 2: Thursday, 13/05/2027, 08:00 – 11:00", text, StringComparison.Ordinal);
        Assert.Contains("WAITLIST", text, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Thị Bình", text, StringComparison.Ordinal);
    }

    /// <summary>Keeps a drawn PDF for a person to look at (docs/screens) when <c>WORKFLOW_SAVE_PDFS</c> names a folder; nothing otherwise.</summary>
    internal static void Save(string name, byte[] bytes)
    {
        if (Environment.GetEnvironmentVariable("WORKFLOW_SAVE_PDFS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, name + ".pdf"), bytes);
        }
    }

    internal static SignInSheetPdf Pdf() => new(new TemplateRenderer(), Options.Create(new CertificateOptions()), Options.Create(new Workflow.Documents.Letters.LetterOptions { Issuer = "BAN DÂN VẬN", IssuerParent = "TỈNH ỦY NINH BÌNH", Place = "Ninh Bình" }));

    /// <summary>The page's words in reading order, lines joined by spaces.</summary>
    internal static string Text(UglyToad.PdfPig.Content.Page page) => string.Join(" ", page.GetWords().Select(w => w.Text));
}
