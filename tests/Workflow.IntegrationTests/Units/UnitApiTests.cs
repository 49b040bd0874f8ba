using System.Text.Json;
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
