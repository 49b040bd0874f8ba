using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// Seats through the running local host (issue 8): offline replies recorded by the organiser share the link's rules
/// and seats, a decline promotes the first waiting person, the flow emails the promotion once, and
/// <c>GET .../invitees</c> shows statuses, waitlist positions and the audit trail.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OfflineReplyApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostFixture _host = new(azurite);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private HttpClient Api => _host.Organiser;

    private async Task<string> CourseAsync(int capacity, params string[] emails)
    {
        var now = DateTimeOffset.UtcNow;
        var created = await Api.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng kỹ năng dân vận",
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = now.AddDays(3), end = now.AddDays(3).AddHours(3) } },
            rsvpDeadline = now.AddDays(2),
            capacity,
            organiserEmails = new[] { "bandanvan@tinh.example" },
            unitQuotas = new[] { new { unit = "Sở Nội vụ", quota = capacity } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await Api.PostAsJsonAsync($"/api/courses/{id}/invitees", emails.Select((e, i) => new { name = "Người " + i, email = e, unit = "Sở Nội vụ" }))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<HttpResponseMessage> ReplyAsync(string id, object body) => await Api.PostAsJsonAsync($"/api/courses/{id}/replies", body);

    private async Task<JsonObject> InviteeAsync(string id, string email) =>
        (await Api.GetFromJsonAsync<JsonArray>($"/api/courses/{id}/invitees"))!.Select(n => n!.AsObject()).Single(n => n["email"]!.GetValue<string>() == email);

    [Fact]
    public async Task Offline_replies_take_seats_waitlist_and_promote_and_the_promotion_is_emailed_once()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] people = [$"an.{tag}@sonoivu.tinh.example", $"binh.{tag}@sonoivu.tinh.example", $"cuong.{tag}@sonoivu.tinh.example"];
        var id = await CourseAsync(1, people);

        // Before the start nothing can be recorded.
        Assert.Equal(HttpStatusCode.Conflict, (await ReplyAsync(id, new { email = people[0], answer = "accept" })).StatusCode);
        (await Api.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var first = await ReplyAsync(id, new { email = people[0], answer = "accept", note = "Công văn số 12" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("accepted", (await first.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        var second = await (await ReplyAsync(id, new { email = people[1].ToUpperInvariant(), answer = "accept" })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(("waitlisted", 1), (second!["status"]!.GetValue<string>(), second["waitlistPosition"]!.GetValue<int>()));
        var binhId = second["id"]!.GetValue<string>();
        var third = await (await ReplyAsync(id, new { inviteeId = (await InviteeAsync(id, people[2]))["id"]!.GetValue<string>(), answer = "accept" })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, third!["waitlistPosition"]!.GetValue<int>());

        // Wrong fields and unknown people.
        var noReason = await ReplyAsync(id, new { email = people[0], answer = "decline" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("reason"));
        Assert.Equal(HttpStatusCode.BadRequest, (await ReplyAsync(id, new { email = people[0], answer = "maybe" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReplyAsync(id, new { email = "ai.do@tinh.example", answer = "accept" })).StatusCode);

        // A decline frees the seat: the first waiting person is promoted and told once by the flow.
        var declined = await ReplyAsync(id, new { email = people[0], answer = "decline", note = "Đi công tác theo điện thoại ngày 5" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await PromotionsToAsync(people[1])).Count == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(300);
        }

        Assert.Contains("/api/r/", Assert.Single(await PromotionsToAsync(people[1]))["links"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var binh = await InviteeAsync(id, people[1]);
        Assert.Equal(binhId, binh["id"]!.GetValue<string>());
        Assert.Equal("accepted", binh["status"]!.GetValue<string>());
        Assert.Null(binh["waitlistPosition"]);
        Assert.Equal(["organiser:added", "organiser:waitlisted", "system:promoted"], binh["audit"]!.AsArray().Select(a => a!["channel"]!.GetValue<string>() + ":" + a["what"]!.GetValue<string>()));

        // The organiser's lines name him (the script key's id and name); the flow's promotion is "system", with no author.
        var lines = binh["audit"]!.AsArray().Select(a => a!).ToList();
        Assert.Equal(["organiser-key", "organiser-key", "system"], lines.Select(a => a["by"]!.GetValue<string>()));
        Assert.Equal(["organiser-key", "organiser-key", null], lines.Select(a => a["author"]?["id"]?.GetValue<string>()));
        Assert.Equal("organiser-key", lines[1]["author"]!["name"]!.GetValue<string>());
        var an = await InviteeAsync(id, people[0]);
        Assert.Equal(("declined", "Đi công tác theo điện thoại ngày 5"), (an["status"]!.GetValue<string>(), an["reason"]!.GetValue<string>()));
        Assert.Equal(["organiser:added", "organiser:accepted", "organiser:declined"], an["audit"]!.AsArray().Select(a => a!["channel"]!.GetValue<string>() + ":" + a["what"]!.GetValue<string>()));
        Assert.Equal(1, (await InviteeAsync(id, people[2]))["waitlistPosition"]!.GetValue<int>());

        var counts = (await Api.GetFromJsonAsync<JsonObject>($"/api/courses/{id}"))!["counts"]!;
        Assert.Equal((1, 1, 1), (counts["accepted"]!.GetValue<int>(), counts["declined"]!.GetValue<int>(), counts["waitlisted"]!.GetValue<int>()));

        // The same answer again is recorded once; the outbox holds one promotion (the flow may run its step again).
        Assert.Equal(3, (await InviteeAsync(id, people[0]))["audit"]!.AsArray().Count);
        await ReplyAsync(id, new { email = people[0], answer = "decline", note = "Đi công tác theo điện thoại ngày 5" });
        Assert.Equal(3, (await InviteeAsync(id, people[0]))["audit"]!.AsArray().Count);
        await Task.Delay(1000);
        Assert.Single(await PromotionsToAsync(people[1]));
        Assert.Empty(await PromotionsToAsync(people[2]));
    }

    private async Task<List<JsonObject>> PromotionsToAsync(string email) =>
        (await Api.GetFromJsonAsync<JsonArray>($"/api/dev/outbox?to={Uri.EscapeDataString(email)}"))!
            .Select(m => m!.AsObject())
            .Where(m => m["subject"]!.GetValue<string>().StartsWith("Đã có chỗ cho đồng chí", StringComparison.Ordinal))
            .ToList();
}
