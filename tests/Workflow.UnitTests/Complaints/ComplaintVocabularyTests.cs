using System.Text.Json;
using Workflow.Complaints;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;

namespace Workflow.UnitTests.Complaints;

/// <summary>The vocabulary's names are the members' camelCase JSON names, both ways, for every member.</summary>
public sealed class ComplaintVocabularyTests
{
    [Fact]
    public void Every_member_reads_and_writes_by_its_JSON_name()
    {
        foreach (var kind in Enum.GetValues<CaseKind>())
        {
            Assert.Equal(JsonSerializer.Serialize(kind), $"\"{ComplaintVocabulary.Name(kind)}\"");
            Assert.True(ComplaintVocabulary.TryParseKind(ComplaintVocabulary.Name(kind), out var back) && back == kind);
        }

        foreach (var stage in Enum.GetValues<Stage>())
        {
            Assert.Equal(JsonSerializer.Serialize(stage), $"\"{ComplaintVocabulary.Name(stage)}\"");
            Assert.True(ComplaintVocabulary.TryParseStage(ComplaintVocabulary.Name(stage), out var back) && back == stage);
        }

        foreach (var unit in Enum.GetValues<CountingUnit>())
        {
            Assert.Equal(JsonSerializer.Serialize(unit), $"\"{ComplaintVocabulary.Name(unit)}\"");
            Assert.True(ComplaintVocabulary.TryParseUnit(ComplaintVocabulary.Name(unit), out var back) && back == unit);
        }

        foreach (var start in Enum.GetValues<StartEvent>())
        {
            Assert.Equal(JsonSerializer.Serialize(start), $"\"{ComplaintVocabulary.Name(start)}\"");
            Assert.True(ComplaintVocabulary.TryParseStart(ComplaintVocabulary.Name(start), out var back) && back == start);
        }
    }

    [Fact]
    public void The_calendar_and_the_case_status_write_their_camel_case_names_without_the_product_options()
    {
        Assert.Equal("\"makeUpWorkday\"", JsonSerializer.Serialize(HolidayDayType.MakeUpWorkday));
        Assert.Equal("\"dayOff\"", JsonSerializer.Serialize(HolidayDayType.DayOff));
        Assert.Equal("\"withdrawn\"", JsonSerializer.Serialize(CaseStatus.Withdrawn));
        Assert.Equal(HolidayDayType.MakeUpWorkday, JsonSerializer.Deserialize<HolidayDayType>("\"makeUpWorkday\""));
        Assert.Equal(CaseStatus.Resolved, JsonSerializer.Deserialize<CaseStatus>("\"resolved\""));
    }

    [Fact]
    public void Names_are_exact()
    {
        Assert.Equal("secondComplaint", ComplaintVocabulary.Name(CaseKind.SecondComplaint));
        Assert.Equal("workingDays", ComplaintVocabulary.Name(CountingUnit.WorkingDays));
        Assert.False(ComplaintVocabulary.TryParseKind("SecondComplaint", out _));
        Assert.False(ComplaintVocabulary.TryParseStage(null, out _));
    }
}
