using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using Workflow.Courses.Certificates;
using Workflow.Hosting;
using Workflow.Templates;
using static Workflow.UnitTests.Courses.Certificates.CertificateTestData;

namespace Workflow.UnitTests.Courses.Certificates;

/// <summary>The certificate PDF, read back with PdfPig: a valid PDF naming the person in Vietnamese with every diacritic, in the embedded Noto Sans.</summary>
public sealed class CertificatePdfTests
{
    private const string Name = "Nguyễn Thị Hằng Ưng Đỗ Quỳnh";

    private static CertificatePdf Pdf(string? directory = null) => new(
        new TemplateRenderer(),
        Options.Create(new CertificateOptions { FontDirectory = directory ?? new CertificateOptions().FontDirectory }));

    [Fact]
    public void The_pdf_names_the_person_course_dates_number_and_organisation_in_embedded_Noto_Sans()
    {
        var course = Course();
        var invitee = Person("a1", Name, "Sở Nội vụ");
        var content = CertificatePdf.ContentFor(course, invitee, "BDNV-2027-000123", new DateOnly(2027, 5, 28), new WorkflowOptions { PublicBaseUrl = "https://dieuhanh.example.vn", OrganisationName = "Ban Tuyên giáo và Dân vận Tỉnh ủy" });
        var bytes = Pdf().Render(content);

        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using var document = PdfDocument.Open(bytes);
        var page = Assert.Single(document.GetPages());
        Assert.True(page.Width > page.Height, "landscape");
        var text = string.Join(" ", page.GetWords().Select(w => w.Text));
        Assert.Contains(Name, text, StringComparison.Ordinal);
        Assert.Contains("Bồi dưỡng nghiệp vụ công tác dân vận", text, StringComparison.Ordinal);
        Assert.Contains("13/05/2027 – 14/05/2027", text, StringComparison.Ordinal);
        Assert.Contains("BDNV-2027-000123", text, StringComparison.Ordinal);
        Assert.Contains("28/05/2027", text, StringComparison.Ordinal);
        Assert.Contains("BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", text, StringComparison.Ordinal);
        Assert.Contains("https://dieuhanh.example.vn/api/certificates/BDNV-2027-000123", text, StringComparison.Ordinal);
        Assert.Contains("GIẤY CHỨNG NHẬN", text, StringComparison.Ordinal);
        // Every glyph in Noto Sans, embedded as a subset (the "ABCDEF+" tag), the font program inside the file.
        Assert.All(page.Letters, l => Assert.Matches(@"^[A-Z]{6}\+Noto Sans", l.FontName));
        Assert.True(bytes.AsSpan().IndexOf("/FontFile2"u8) > 0, "the TrueType font program is embedded");
    }

    [Fact]
    public void An_english_course_gets_english_words()
    {
        var course = Course(language: "en");
        var content = CertificatePdf.ContentFor(course, Person("a1", Name, null), "BDNV-2027-000124", new DateOnly(2027, 5, 28), new WorkflowOptions());
        using var document = PdfDocument.Open(Pdf().Render(content));
        var text = string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains("CERTIFICATE", text, StringComparison.Ordinal);
        Assert.Contains(Name, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_font_is_a_clear_error_naming_the_file_and_the_package()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-fonts-" + Guid.NewGuid().ToString("N"));
        var content = CertificatePdf.ContentFor(Course(), Person("a1", Name, null), "BDNV-2027-000125", new DateOnly(2027, 5, 28), new WorkflowOptions());
        var error = Assert.Throws<FileNotFoundException>(() => Pdf(missing).Render(content));
        Assert.Contains(Path.Combine(missing, "NotoSans-Regular.ttf"), error.Message, StringComparison.Ordinal);
        Assert.Contains("fonts-noto-core", error.Message, StringComparison.Ordinal);
    }
}
