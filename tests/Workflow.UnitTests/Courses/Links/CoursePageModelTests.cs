using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Courses;
using Workflow.Courses.Links;
using Workflow.Hosting;
using Workflow.Templates;

namespace Workflow.UnitTests.Courses.Links;

/// <summary>The personal-link pages draw their course from <see cref="CoursePageModel"/>, not from the email's model.</summary>
public sealed partial class CoursePageModelTests
{
    private const string Organisation = "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa";
    private static readonly string[] Pages = ["reply-page", "nomination-page", "checkin-page", "survey-page", "report-page"];

    private static Course NewCourse(string language) => new(
        "c0ffee0123456789",
        new CourseDefinition
        {
            Title = "Bồi dưỡng nghiệp vụ công tác dân vận",
            Description = "Chuyên đề",
            Presenters = ["Nguyễn Thế Trung"],
            Venue = "Hội trường Ban Dân vận Tỉnh ủy",
            Sessions =
            [
                new CourseSession(new DateTimeOffset(2027, 5, 14, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 5, 14, 18, 30, 0, TimeSpan.Zero)),
                new CourseSession(new DateTimeOffset(2027, 5, 13, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 5, 13, 10, 0, 0, TimeSpan.Zero)),
            ],
            RsvpDeadline = new DateTimeOffset(2027, 5, 6, 10, 0, 0, TimeSpan.Zero),
            OrganiserEmails = ["bandanvan@example.vn"],
            Language = language,
        },
        CoursePhase.Inviting,
        new DateTimeOffset(2027, 4, 20, 2, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 4, 21, 2, 0, 0, TimeSpan.Zero));

    private static CourseEmails Emails()
    {
        var tokens = new LinkTokens(
            Options.Create(new LinkOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7)).ToArray()) } }),
            new FakeTimeProvider());
        return new CourseEmails(new TemplateRenderer(), tokens, Options.Create(new WorkflowOptions { PublicBaseUrl = "https://dieuhanh.example.vn", OrganisationName = Organisation }));
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public void The_page_model_gives_what_the_email_model_gave_the_pages(string language)
    {
        var course = NewCourse(language);
        var email = Emails().CourseModel(course);

        var page = CoursePageModel.Of(course, Organisation, "Tiêu đề").ToTemplateModel();

        Assert.Equal(["course_title", "heading", "language", "organisation", "sessions", "venue"], page.Keys.Order(StringComparer.Ordinal));
        foreach (var key in new[] { "language", "organisation", "venue", "sessions" })
        {
            Assert.Equal(email[key], page[key]);
        }

        Assert.Equal(course.Definition.Title, page["course_title"]);
        Assert.Equal("Tiêu đề", page["heading"]);
        Assert.Equal(2, Assert.IsAssignableFrom<IReadOnlyList<string>>(page["sessions"]).Count);
    }

    [Fact]
    public void No_page_template_reads_a_course_value_the_page_model_does_not_give()
    {
        var email = Emails().CourseModel(NewCourse("vi")).Keys;
        var page = CoursePageModel.Of(NewCourse("vi"), Organisation, "x").ToTemplateModel().Keys;

        foreach (var name in Pages)
        {
            var missing = Names(Template(name + ".html.liquid")).Where(v => email.Contains(v) && !page.Contains(v)).ToList();
            Assert.True(missing.Count == 0, $"{name} reads {string.Join(", ", missing)} of the email model");
        }
    }

    private static string Template(string file)
    {
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream("Workflow.Templates." + file)
            ?? throw new InvalidOperationException(file);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The top-level names a template reads in its output tags and conditions.</summary>
    private static HashSet<string> Names(string template) =>
        [.. NameRegex().Matches(template).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"(?:\{\{|\{%\s*(?:if|elsif|unless|for\s+\w+\s+in))\s*([a-z_]+)")]
    private static partial Regex NameRegex();
}
