using System.Text.Json;
using Workflow.Complaints;

namespace Workflow.UnitTests.Complaints;

/// <summary>The vocabulary's names are the JSON names the enums declare, both ways, for every member.</summary>
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
    public void Names_are_exact()
    {
        Assert.Equal("secondComplaint", ComplaintVocabulary.Name(CaseKind.SecondComplaint));
        Assert.Equal("workingDays", ComplaintVocabulary.Name(CountingUnit.WorkingDays));
        Assert.False(ComplaintVocabulary.TryParseKind("SecondComplaint", out _));
        Assert.False(ComplaintVocabulary.TryParseStage(null, out _));
    }
}
