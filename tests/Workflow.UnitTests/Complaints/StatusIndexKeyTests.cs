using Workflow.Complaints;
using Workflow.Complaints.Cases;

namespace Workflow.UnitTests.Complaints;

/// <summary>The case list index's keys: their order is the list's order, and they are legal Table Storage keys.</summary>
public sealed class StatusIndexKeyTests
{
    private static ComplaintCase Case(string code, DateOnly received, CaseStatus status = CaseStatus.Open) => new(
        ComplaintStore.NewCaseId(), code, CaseKind.Petition, received, null, false, false, false, false, "UBND phường Hoa Lư", ["a@b.vn"], null,
        status, new RuleSetRef("default", new DateOnly(2019, 1, 1)), [], null, null, null, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Row_keys_sort_newest_receipt_first_then_by_code_in_ordinal_order()
    {
        var random = new Random(7);
        string[] codes = ["KN-2027/0012", "kn-2027-0012", "TC#1", "Đơn 5", "A?b", "PA-01", "pa-01", "Z\\1", "KN-2027-0002"];
        var cases = Enumerable.Range(0, 300)
            .Select(i => Case(codes[i % codes.Length] + i.ToString(System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2020, 1, 1).AddDays(random.Next(3000))))
            .ToList();

        var byKey = cases.OrderBy(StatusIndexStore.RowKey, StringComparer.Ordinal).Select(c => c.Id);
        var expected = cases.OrderByDescending(c => c.ReceivedOn).ThenBy(c => c.Code, StringComparer.Ordinal).Select(c => c.Id);

        Assert.Equal(expected, byKey);
    }

    [Fact]
    public void Keys_hold_no_character_Table_Storage_refuses_and_stay_short()
    {
        var c = Case("KN/2027\\#?\t" + new string('Đ', 54), new DateOnly(2027, 3, 1));

        var key = StatusIndexStore.RowKey(c);

        Assert.DoesNotContain(key, ch => ch is '/' or '\\' or '#' or '?' || char.IsControl(ch));
        Assert.True(key.Length < 1024);
    }

    [Fact]
    public void A_case_has_a_row_in_its_status_and_one_in_all_and_its_keys_name_them()
    {
        var c = Case("KN-1", new DateOnly(2027, 3, 1), CaseStatus.Withdrawn);

        var rows = StatusIndexStore.RowsFor(c);

        Assert.Equal(["withdrawn", StatusIndexStore.AllPartition], rows.Select(r => r.PartitionKey));
        Assert.All(rows, r => Assert.Equal(c.Id, r.GetString("CaseId")));
        Assert.Equal(rows.Select(r => "s:" + r.PartitionKey + "/" + r.RowKey), StatusIndexStore.KeysFor(c));
        Assert.All(StatusIndexStore.KeysFor(c), k => Assert.True(StatusIndexStore.IsKey(k)));
        Assert.False(StatusIndexStore.IsKey("20270301/" + c.Id + "|handle"));
    }
}
