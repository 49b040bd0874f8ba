using Workflow.Courses;
using Workflow.Durable;

namespace Workflow.UnitTests.Courses;

/// <summary>
/// The milestone table (docs/milestones.md): every kind is one row naming its step, and one activity runs them all. That the
/// orchestrator needs nothing more for a new row is shown on a real engine in <see cref="CourseOrchestratorTests"/>
/// (<c>Every_milestone_kind_and_one_it_has_never_seen_go_through_the_one_milestone_activity</c>).
/// </summary>
public sealed class MilestoneTableTests
{
    [Fact]
    public void Every_milestone_kind_has_exactly_one_row_with_a_step()
    {
        var kinds = Enum.GetValues<MilestoneKind>();
        Assert.All(kinds, kind =>
        {
            var row = Assert.Single(MilestoneTable.Rows, r => r.Kind == kind);
            Assert.NotNull(row.Run);
            Assert.True(row.Steps is { IsClass: true, IsAbstract: false }, $"{kind}: its step is a method of a concrete steps class, not {row.Steps}");
            Assert.Same(row, MilestoneTable.Of(kind));
        });
        Assert.Equal(kinds.Length, MilestoneTable.Rows.Count); // no row for a kind that does not exist
    }

    [Fact]
    public void Kinds_keep_distinct_numbers_because_histories_store_them()
    {
        var numbers = Enum.GetValues<MilestoneKind>().Select(k => (int)k).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, numbers.Count), numbers.Order()); // appended one after the other, none renumbered
    }

    [Fact]
    public void A_kind_without_a_row_is_refused_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MilestoneTable.Of((MilestoneKind)99));
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_hosts_register_one_activity_for_every_milestone_beside_the_two_steps_of_each_generation()
    {
        Assert.Equal(
            [nameof(SendInvitationsActivity), nameof(GetCoursePlanActivity), nameof(RunMilestoneActivity)],
            WorkflowRegistry.Activities.Select(t => t.Name));
    }
}
