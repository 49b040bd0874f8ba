using Workflow.Courses;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Courses;

/// <summary>A phase is named for a person in the reader's language (the organiser page's badge words), never by its wire name.</summary>
public sealed class CoursePhasesTests
{
    [Theory]
    [InlineData(CoursePhase.Draft, "Bản nháp", "Draft")]
    [InlineData(CoursePhase.Inviting, "Đang mời", "Inviting")]
    [InlineData(CoursePhase.RsvpClosed, "Đã hết hạn trả lời", "Replies closed")]
    [InlineData(CoursePhase.InProgress, "Đang diễn ra", "In progress")]
    [InlineData(CoursePhase.FollowUp, "Sau khóa học", "Follow-up")]
    [InlineData(CoursePhase.Completed, "Đã hoàn thành", "Completed")]
    [InlineData(CoursePhase.Cancelled, "Đã hủy", "Cancelled")]
    public void Every_phase_has_words_in_both_tables(CoursePhase phase, string vi, string en)
    {
        Assert.Equal(vi, CoursePhases.Named(phase).Vi());
        Assert.Equal(en, CoursePhases.Named(phase).En());
    }

    [Fact]
    public void The_words_cover_every_phase_and_none_is_its_wire_name()
    {
        foreach (var phase in Enum.GetValues<CoursePhase>())
        {
            Assert.NotEqual(CoursePhases.WireName(phase), CoursePhases.Named(phase).Vi());
            Assert.NotEqual(CoursePhases.WireName(phase), CoursePhases.Named(phase).En());
        }
    }
}
