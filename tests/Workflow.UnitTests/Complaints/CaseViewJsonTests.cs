using Workflow.Access;
using System.Text.Json;
using Workflow.Complaints;
using Workflow.Complaints.Cases;
using Workflow.Complaints.Deadlines;

namespace Workflow.UnitTests.Complaints;

/// <summary>The Case JSON the API answers (SPEC §4): every field of the case but when it was stored, in order, its history, then its deadlines.</summary>
public sealed class CaseViewJsonTests
{
    [Fact]
    public void A_case_view_is_the_case_fields_in_order_then_its_deadlines()
    {
        var c = new ComplaintCase(
            "0123456789abcdef", "TC-2026-001", CaseKind.Denunciation, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 5),
            true, false, true, false, "UBND phường <Hoa Lư>", ["a@hoalu.example.vn", "b@hoalu.example.vn"], "Đất \"đai\"",
            CaseStatus.Resolved, new RuleSetRef("default", new DateOnly(2026, 1, 1)), [new Extension("12/QĐ", new DateOnly(2026, 4, 1), 30)],
            new DateOnly(2026, 5, 1), "13/QĐ-UBND", null, null, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero))
        {
            History = [new HistoryEntry(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), new Workflow.Access.Author("canbo@hoalu.example.vn", "Lê Văn Minh"), "registered")],
        };
        var view = CaseView.From(c, [new StageDeadline(Stage.Resolve, new DateOnly(2026, 6, 1), 12, CountingUnit.Days)]);

        var json = JsonSerializer.Serialize(view, WorkflowJson.Options);

        Assert.Equal(Expected, json);
    }

    private const string Expected = """
        {"id":"0123456789abcdef","code":"TC-2026-001","kind":"denunciation","receivedOn":"2026-03-02","acceptedOn":"2026-03-05","complex":true,"especiallyComplex":false,"remoteArea":true,"severalPlaces":false,"handlingUnit":"UBND phường \u003CHoa Lư\u003E","officerEmails":["a@hoalu.example.vn","b@hoalu.example.vn"],"subject":"Đất \u0022đai\u0022","status":"resolved","ruleSet":{"name":"default","effectiveFrom":"2026-01-01"},"extensions":[{"decisionNo":"12/QĐ","decidedOn":"2026-04-01","days":30}],"resolvedOn":"2026-05-01","decisionNo":"13/QĐ-UBND","withdrawnOn":null,"withdrawalReason":null,"history":[{"at":"2026-03-02T08:00:00\u002B00:00","by":{"id":"canbo@hoalu.example.vn","name":"Lê Văn Minh"},"what":"registered"}],"deadlines":[{"stage":"resolve","due":"2026-06-01","daysLeft":12,"countedIn":"days"}]}
        """;
}
