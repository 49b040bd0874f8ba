using Microsoft.Extensions.Primitives;
using Workflow.Courses;
using Workflow.Courses.Nominations;
using Workflow.Courses.Progress;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Courses.Progress;

/// <summary>The course list's query parameters, order and paging, and the nomination units' order, with no HTTP.</summary>
public sealed class CourseListTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    [Fact]
    public void No_parameters_mean_every_phase_the_first_50()
    {
        var query = CourseListQuery.Parse(StringValues.Empty, StringValues.Empty, StringValues.Empty);

        Assert.True(query.IsDone);
        Assert.Equal(new CourseListQuery(null, 50, 0), query.Value);
    }

    [Theory]
    [InlineData("draft", CoursePhase.Draft)]
    [InlineData("rsvpClosed", CoursePhase.RsvpClosed)]
    [InlineData("inProgress", CoursePhase.InProgress)]
    [InlineData("followUp", CoursePhase.FollowUp)]
    [InlineData("cancelled", CoursePhase.Cancelled)]
    public void Phases_are_taken_by_their_JSON_names(string text, CoursePhase phase)
    {
        var query = CourseListQuery.Parse(text, "200", "0");

        Assert.Equal(new CourseListQuery(phase, 200, 0), query.Value);
    }

    [Theory]
    [InlineData("nope", null, null, "phase")]
    [InlineData("Draft", null, null, "phase")]
    [InlineData("rsvp_closed", null, null, "phase")]
    [InlineData(null, "0", null, "top")]
    [InlineData(null, "201", null, "top")]
    [InlineData(null, "abc", null, "top")]
    [InlineData(null, "-1", null, "top")]
    [InlineData(null, "1.5", null, "top")]
    [InlineData(null, " 5", null, "top")]
    [InlineData(null, "99999999999", null, "top")]
    [InlineData(null, null, "-1", "skip")]
    [InlineData(null, null, "x", "skip")]
    [InlineData(null, null, "99999999999", "skip")]
    [InlineData(null, null, "1\0", "skip")]
    [InlineData(null, "5\0\0", null, "top")]
    public void A_bad_value_is_a_field_error_naming_the_parameter(string? phase, string? top, string? skip, string field)
    {
        var query = CourseListQuery.Parse(phase, top, skip);

        Assert.Equal(OutcomeKind.Invalid, query.Kind);
        var error = Assert.Single(query.Errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message.Vi()));
        Assert.False(string.IsNullOrWhiteSpace(error.Message.En()));
    }

    [Fact]
    public void A_parameter_given_twice_is_refused_and_every_bad_parameter_is_named()
    {
        var query = CourseListQuery.Parse(new StringValues(["draft", "inviting"]), "0", "-3");

        Assert.Equal(["phase", "top", "skip"], query.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Courses_are_listed_newest_first_by_first_session_then_creation_and_paged_after_the_phase_filter()
    {
        var may = new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn);
        Course[] courses =
        [
            Course("a", CoursePhase.Inviting, may, created: 1),
            Course("b", CoursePhase.Draft, may.AddDays(7), created: 2),
            Course("c", CoursePhase.Inviting, may.AddDays(-30), created: 3),
            Course("d", CoursePhase.Inviting, may, created: 5), // same first session as "a", created later: before it
            Course("e", CoursePhase.Completed, may.AddDays(-90), created: 4),
            Course("f", CoursePhase.Inviting, may.AddDays(1), created: 0, secondSessionFirst: true),
        ];

        var (total, all) = CourseList.Select(courses, new CourseListQuery(null, 50, 0));
        Assert.Equal(6, total);
        Assert.Equal(["b", "f", "d", "a", "c", "e"], all.Select(c => c.Id));

        var (inviting, page) = CourseList.Select(courses, new CourseListQuery(CoursePhase.Inviting, 2, 1));
        Assert.Equal(4, inviting);
        Assert.Equal(["d", "a"], page.Select(c => c.Id));

        var (beyond, none) = CourseList.Select(courses, new CourseListQuery(CoursePhase.Inviting, 50, 10));
        Assert.Equal(4, beyond);
        Assert.Empty(none);
    }

    [Fact]
    public void A_summary_shows_the_first_session_start_and_the_last_session_end()
    {
        var may = new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn);
        var view = CourseSummaryView.From(Course("f", CoursePhase.Inviting, may, created: 0, secondSessionFirst: true), new CourseCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        Assert.Equal(may, view.FirstSessionStart);
        Assert.Equal(may.AddDays(1).AddHours(3), view.LastSessionEnd);
        Assert.Equal("Lớp f", view.Title);
    }

    [Fact]
    public void A_search_finds_every_word_in_the_title_or_venue_without_case_or_diacritics()
    {
        var may = new DateTimeOffset(2027, 5, 13, 14, 0, 0, Vn);
        Course Titled(string id, string title, string venue) => Course(id, CoursePhase.Inviting, may, created: id[0]) with
        {
            Definition = Course(id, CoursePhase.Inviting, may, 0).Definition with { Title = title, Venue = venue },
        };
        Course[] courses =
        [
            Titled("a", "Bồi dưỡng nghiệp vụ dân vận", "Hội trường Ban Dân vận"),
            Titled("b", "Kỹ năng tiếp dân", "UBND phường Hoa Lư"),
            Titled("c", "Đường lối đối ngoại", "Hội trường tỉnh"),
        ];

        string[] Found(string q) => [.. CourseList.Select(courses, Query("", "", "", q)).Page.Select(c => c.Id)];

        Assert.Equal(["a"], Found("boi duong"));
        Assert.Equal(["a"], Found("DÂN VẬN  nghiệp"));
        Assert.Equal(["b"], Found("hoa lu tiep"));
        Assert.Equal(["c"], Found("duong loi"));
        Assert.Equal(["a", "b", "c"], Found("").Order());
        Assert.Empty(Found("hoa lu dan van"));
        Assert.Equal(1, CourseList.Select(courses, Query("", "", "", "dan van")).Total);
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("x\u0000")]
    public void A_search_of_more_than_one_line_or_too_long_is_refused_naming_q(string q)
    {
        Assert.Equal(["q"], CourseListQuery.Parse("", "", "", q).Errors.Select(e => e.Field));
        Assert.Equal(["q"], CourseListQuery.Parse("", "", "", new string('a', CourseListQuery.MaxSearch + 1)).Errors.Select(e => e.Field));
        Assert.Equal(["q"], CourseListQuery.Parse("", "", "", new StringValues(["a", "b"])).Errors.Select(e => e.Field));
    }

    private static CourseListQuery Query(string phase, string top, string skip, string q)
    {
        var parsed = CourseListQuery.Parse(phase, top, skip, q);
        Assert.True(parsed.IsDone);
        return parsed.Value!;
    }

    [Fact]
    public void Nomination_units_are_sorted_as_Vietnamese_is_read_with_the_count_of_people_named()
    {
        Nomination N(string unit, params string[] nominees) => new("c", unit, unit, "x@tinh.example", 3, nominees, null, null);

        var units = NominationUnitView.List([N("Đoàn Thanh niên"), N("Ủy ban MTTQ", "i1", "i2"), N("Dân tộc"), N("Hội Nông dân", "i3"), N("Ban Tuyên giáo")]);

        Assert.Equal(["Ban Tuyên giáo", "Dân tộc", "Đoàn Thanh niên", "Hội Nông dân", "Ủy ban MTTQ"], units.Select(u => u.Unit));
        Assert.Equal([0, 0, 0, 1, 2], units.Select(u => u.Nominated));
    }

    private static Course Course(string id, CoursePhase phase, DateTimeOffset firstSession, int created, bool secondSessionFirst = false)
    {
        var first = new CourseSession(firstSession, firstSession.AddHours(3));
        var second = new CourseSession(firstSession.AddDays(1), firstSession.AddDays(1).AddHours(3));
        return new Course(
            id,
            new CourseDefinition
            {
                Title = "Lớp " + id,
                Venue = "Hội trường",
                // The stored order is the organiser's; the list must not take the first one given for the first one held.
                Sessions = secondSessionFirst ? [second, first] : [first],
                RsvpDeadline = firstSession.AddDays(-2),
                OrganiserEmails = ["bandanvan@example.vn"],
            },
            phase,
            new DateTimeOffset(2027, 1, 1, 8, 0, 0, Vn).AddHours(created),
            phase == CoursePhase.Draft ? null : new DateTimeOffset(2027, 1, 2, 8, 0, 0, Vn));
    }
}
