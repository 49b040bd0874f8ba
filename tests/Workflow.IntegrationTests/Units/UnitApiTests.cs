using System.Text.Json;
using Workflow.Access;
using Workflow.IntegrationTests.Complaints;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.Units;

namespace Workflow.IntegrationTests.Units;

[Collection(AzuriteCollection.Name)]
public sealed class UnitApiTests(AzuriteFixture azurite)
{
    private static readonly string SampleFile = Path.Combine("/work/shared/data", "sample-units.json");

    [Fact]
    public async Task The_sample_units_file_loads_through_PUT_as_is_and_GET_lists_it()
    {
        await using var h = new ComplaintHarness(azurite, DateTimeOffset.UtcNow);
        var api = h.Get<UnitApi>();
        var sample = File.Exists(SampleFile) ? await File.ReadAllTextAsync(SampleFile) : SampleFallback;
        var expected = JsonDocument.Parse(sample).RootElement.GetProperty("units").GetArrayLength();

        var put = await h.CallAsync(api.PutAsync, sample);
        Assert.True(put.Status == 200, put.Text);
        Assert.Equal(expected, put.Json.GetProperty("units").GetInt32());
        Assert.Equal(expected, put.Json.GetProperty("added").GetInt32());

        var list = await h.CallAsync((_, ct) => api.ListAsync(ct));
        Assert.Equal(expected, list.Json.GetArrayLength());
        var first = list.Json[0];
        Assert.True(first.TryGetProperty("contactEmails", out var emails) && emails.GetArrayLength() > 0);

        // PUT replaces: a shorter list removes the others; names match case-insensitively.
        var again = await h.CallAsync(api.PutAsync, """[{"name":"sở nội vụ","kind":"department","parent":null,"contactEmails":["a@snv.example.vn"]},{"name":"Phòng X","kind":"department","parent":"Sở Nội vụ","contactEmails":["x@snv.example.vn"]}]""");
        Assert.Equal(200, again.Status);
        Assert.Equal(expected - 1, again.Json.GetProperty("removed").GetInt32());
        Assert.Equal("a@snv.example.vn", Assert.Single((await h.Get<UnitStore>().FindAsync("SỞ NỘI VỤ", default))!.ContactEmails));
    }

    [Fact]
    public async Task Each_unit_added_or_changed_names_who_replaced_the_registry_and_when_and_an_unchanged_unit_keeps_its_stamp()
    {
        await using var h = new ComplaintHarness(azurite, new DateTimeOffset(2027, 3, 10, 2, 0, 0, TimeSpan.Zero));
        var api = h.Get<UnitApi>();
        var admin = new Caller(CallerSource.DevSignIn, "quantri@demo.local", "Quản Trị Viên", Roles.Administrator, new HashSet<string>(), false);
        var organiser = new Caller(CallerSource.DevSignIn, "tochuc@demo.local", "Trần Thị Tổ Chức", Roles.Organiser, new HashSet<string>(), false);
        const string Two = """[{"name":"Sở Nội vụ","kind":"department","parent":null,"contactEmails":["a@snv.example.vn"]},{"name":"Sở Tài chính","kind":"department","parent":null,"contactEmails":["b@stc.example.vn"]}]""";
        var first = h.Time.GetUtcNow();
        Assert.Equal(200, (await h.CallAsync(api.PutAsync, Two, caller: admin)).Status);

        h.Time.Advance(TimeSpan.FromHours(3));
        var changed = Two.Replace("b@stc.example.vn", "c@stc.example.vn", StringComparison.Ordinal);
        Assert.Equal(200, (await h.CallAsync(api.PutAsync, changed, caller: organiser)).Status);

        var list = (await h.CallAsync((_, ct) => api.ListAsync(ct))).Json.EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!);
        Assert.Equal(("quantri@demo.local", "Quản Trị Viên", first), Stamp(list["Sở Nội vụ"]));
        Assert.Equal(("tochuc@demo.local", "Trần Thị Tổ Chức", first.AddHours(3)), Stamp(list["Sở Tài chính"]));
        Assert.Equal("c@stc.example.vn", list["Sở Tài chính"].GetProperty("contactEmails")[0].GetString());

        // The stamp is the server's: a PUT carrying one is refused as an unknown field, nothing changes.
        var forged = await h.CallAsync(api.PutAsync, """[{"name":"Sở Nội vụ","kind":"department","parent":null,"contactEmails":["a@snv.example.vn"],"updatedBy":{"id":"x","name":"x"}}]""", caller: organiser);
        Assert.Equal(400, forged.Status);
        Assert.Equal(2, (await h.CallAsync((_, ct) => api.ListAsync(ct))).Json.GetArrayLength());

        static (string, string, DateTimeOffset) Stamp(JsonElement u) =>
            (u.GetProperty("updatedBy").GetProperty("id").GetString()!, u.GetProperty("updatedBy").GetProperty("name").GetString()!, u.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_invalid_list_is_refused_whole_with_an_errors_map()
    {
        await using var h = new ComplaintHarness(azurite, DateTimeOffset.UtcNow);
        var api = h.Get<UnitApi>();
        var bad = await h.CallAsync(api.PutAsync, """{"units":[{"name":"A","kind":"Bad Kind","parent":"Nowhere","contactEmails":["not-an-email"]},{"name":"a","kind":"department","parent":null,"contactEmails":[]}]}""");

        Assert.Equal(400, bad.Status);
        var errors = bad.Json.GetProperty("errors");
        foreach (var field in new[] { "units[0].kind", "units[0].parent", "units[0].contactEmails[0]", "units[1].name", "units[1].contactEmails" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        Assert.Equal(400, (await h.CallAsync(api.PutAsync, "not json")).Status);
        Assert.Empty((await h.CallAsync((_, ct) => api.ListAsync(ct))).Json.EnumerateArray());
    }

    private const string SampleFallback = """{"note":"x","units":[{"name":"Sở Nội vụ","kind":"department","parent":null,"contactEmails":["vanphong@sonoivu.tinh.example"]},{"name":"Sở Tài chính","kind":"department","parent":null,"contactEmails":["vanphong@sotaichinh.tinh.example"]}]}""";
}
