using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Courses;

/// <summary>
/// Nominations on the real local host and Azurite with a short RSVP deadline: the organiser asks two units (one from the
/// registry, one free text); each contact gets one nomination email; one contact follows the link (GET, then POST), names 2
/// of 3, is refused over the quota, corrects the list; nominees are invited once each by the flow; at the deadline the
/// contact hears who stayed silent and the organisers' summary lists the unit that named no one.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class NominationFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private readonly HttpClient _person = new(new HttpClientHandler { AllowAutoRedirect = false });

    /// <summary>The running local host and its organiser client (<see cref="LocalHostFixture.Organiser"/>).</summary>
    private readonly LocalHostFixture _local = new(azurite);

    public Task InitializeAsync() => _local.InitializeAsync();

    public async Task DisposeAsync()
    {
        _person.Dispose();
        await _local.DisposeAsync();
    }

    private string Mail(string who) => $"{who}.{_tag}@tinh.example";

    [Fact]
    public async Task Units_nominate_their_people_who_are_invited_once_and_silent_ones_are_escalated()
    {
        var t0 = DateTimeOffset.UtcNow;
        var registryContact = Mail("vanphong.snv");
        (await _local.Organiser.PutAsJsonAsync("/api/units", new[]
        {
            new { name = $"Sở Nội vụ {_tag}", kind = "department", parent = (string?)null, contactEmails = new[] { registryContact } },
        })).EnsureSuccessStatusCode();

        var organiser = Mail("bandanvan");
        var created = await _local.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng nghiệp vụ công tác dân vận",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = t0.AddHours(2), end = t0.AddHours(5) } },
            rsvpDeadline = t0.AddSeconds(45),
            organiserEmails = new[] { organiser },
            language = "vi",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var courseId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        // Two units (registry without contactEmail, free text with one); one bad row comes back with its field path.
        var units = await _local.Organiser.PostAsJsonAsync($"/api/courses/{courseId}/units", new object[]
        {
            new { unit = $"Sở Nội vụ {_tag}", quota = 3 },
            new { unit = $"Hội Nông dân {_tag}", contactEmail = Mail("hnd"), quota = 2 },
            new { unit = "Sở Y tế", contactEmail = "syt@tinh.example", quota = 0 },
        });
        Assert.Equal(HttpStatusCode.OK, units.StatusCode);
        var result = (await units.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, result["added"]!.GetValue<int>());
        Assert.Equal("[2].quota", result["rejected"]![0]!["field"]!.GetValue<string>());

        // Asking the same unit again updates it (no second row, no second email).
        var again = await _local.Organiser.PostAsJsonAsync($"/api/courses/{courseId}/units", new object[] { new { unit = $"sở nội vụ {_tag}", quota = 3 } });
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonObject>())!["updated"]!.GetValue<int>());

        (await _local.Organiser.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var request = await WaitForAsync(async () => (await MailToAsync(registryContact)).FirstOrDefault());
        await WaitForAsync(async () => (await MailToAsync(Mail("hnd"))).FirstOrDefault());
        Assert.StartsWith("Đề nghị cử cán bộ tham dự", request["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        var link = request["links"]![0]!.GetValue<string>();

        // The page: GET and HEAD change nothing.
        var page = await _person.GetAsync(new Uri(link));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains($"Sở Nội vụ {_tag}", html, StringComparison.Ordinal);
        Assert.Contains("Chưa cử ai", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _person.SendAsync(new HttpRequestMessage(HttpMethod.Head, link))).StatusCode);

        // Two of three.
        var (status, body) = await NominateAsync(link, (Mail("an"), "Nguyễn Văn An"), (Mail("binh"), "Trần Thị Bình"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("2/3", body, StringComparison.Ordinal);
        await WaitForAsync(async () => (await MailToAsync(Mail("an"))).FirstOrDefault());
        await WaitForAsync(async () => (await MailToAsync(Mail("binh"))).FirstOrDefault());

        // Over the quota: refused, nothing changes.
        (status, body) = await NominateAsync(link, (Mail("an"), "Nguyễn Văn An"), (Mail("binh"), "Trần Thị Bình"), (Mail("cuong"), "Lê Cường"), (Mail("dung"), "Phạm Dũng"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("tối đa 3 người", body, StringComparison.Ordinal);
        var invitees = await InviteesAsync(courseId);
        Assert.Equal(2, invitees.Count);

        // Correction: Bình (already invited) left out stays, Cường is added; the page says so.
        (status, body) = await NominateAsync(link, (Mail("an"), "Nguyễn Văn An"), (Mail("cuong"), "Lê Cường"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("3/3", body, StringComparison.Ordinal);
        Assert.Contains("vẫn ở trong danh sách", body, StringComparison.Ordinal);
        await WaitForAsync(async () => (await MailToAsync(Mail("cuong"))).FirstOrDefault());
        invitees = await InviteesAsync(courseId);
        Assert.Equal(3, invitees.Count);
        Assert.All(invitees, i => Assert.Equal($"Sở Nội vụ {_tag}", i["unit"]!.GetValue<string>()));

        // An answers; Bình and Cường stay silent.
        var anLink = (await MailToAsync(Mail("an")))[0]["links"]![0]!.GetValue<string>();
        using (var accept = new FormUrlEncodedContent([new("answer", "accept")]))
        {
            Assert.Equal(HttpStatusCode.OK, (await _person.PostAsync(new Uri(anLink), accept)).StatusCode);
        }

        // The deadline: the contact hears who stayed silent, the summary lists the unit that named no one.
        var silent = await WaitForAsync(async () => (await MailToAsync(registryContact)).FirstOrDefault(m => m["subject"]!.GetValue<string>().StartsWith("Cán bộ được cử chưa trả lời", StringComparison.Ordinal)), TimeSpan.FromSeconds(90));
        var silentText = silent["text"]!.GetValue<string>();
        Assert.Contains("Trần Thị Bình", silentText, StringComparison.Ordinal);
        Assert.Contains("Lê Cường", silentText, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn Văn An", silentText, StringComparison.Ordinal);
        var summary = await WaitForAsync(async () => (await MailToAsync(organiser)).FirstOrDefault());
        var summaryText = summary["text"]!.GetValue<string>();
        Assert.Contains("Đơn vị chưa cử ai", summaryText, StringComparison.Ordinal);
        Assert.Contains($"Hội Nông dân {_tag}", summaryText, StringComparison.Ordinal);
        Assert.DoesNotContain($"- Sở Nội vụ {_tag}\n", summaryText.Split("Đơn vị chưa cử ai")[1], StringComparison.Ordinal);

        // After the deadline the page is read-only and a POST changes nothing.
        html = WebUtility.HtmlDecode(await (await _person.GetAsync(new Uri(link))).Content.ReadAsStringAsync());
        Assert.Contains("chỉ để xem", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        (status, _) = await NominateAsync(link, (Mail("dung"), "Phạm Dũng"));
        Assert.Equal(HttpStatusCode.Conflict, status);

        // Exactly once each: one request per unit, one invitation per nominee, one silent notice, one summary.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(2, (await MailToAsync(registryContact)).Count);
        Assert.Single(await MailToAsync(Mail("hnd")));
        foreach (var who in new[] { "binh", "cuong" })
        {
            Assert.Single(await MailToAsync(Mail(who)));
        }

        // An accepted: his invitation, then one accept confirmation (calendar).
        Assert.Equal(["Thư mời tham dự", "Xác nhận đăng ký tham dự"], (await MailToAsync(Mail("an"))).Select(m => m["subject"]!.GetValue<string>().Split(':')[0]));

        Assert.Empty(await MailToAsync(Mail("dung")));
        Assert.Single(await MailToAsync(organiser));
        Assert.Equal(3, (await InviteesAsync(courseId)).Count);
    }

    [Fact]
    public async Task A_correction_replaces_the_nominees_not_yet_invited()
    {
        var t0 = DateTimeOffset.UtcNow;
        var created = await _local.Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng kỹ năng dân vận",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = t0.AddDays(3), end = t0.AddDays(3).AddHours(3) } },
            rsvpDeadline = t0.AddDays(2),
            organiserEmails = new[] { Mail("bandanvan") },
            language = "vi",
        });
        var courseId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await _local.Organiser.PostAsJsonAsync($"/api/courses/{courseId}/units", new[] { new { unit = "Sở Tư pháp", contactEmail = Mail("stp"), quota = 2 } }))
            .EnsureSuccessStatusCode();

        // The course is still a draft: nobody is invited yet, so a corrected list replaces the earlier one.
        var tokens = new Workflow.Courses.Links.LinkTokens(
            Microsoft.Extensions.Options.Options.Create(new Workflow.Hosting.LinkOptions
            {
                ActiveKeyId = _local.Host.LinkKeyId,
                Keys = new() { [_local.Host.LinkKeyId] = Convert.ToBase64String(_local.Host.LinkKey.Span) },
            }),
            TimeProvider.System);
        var token = tokens.Create(new Workflow.Courses.Links.LinkClaims(courseId, Workflow.Courses.Nominations.NominationRules.IdFor(courseId, "Sở Tư pháp"), Workflow.Courses.Links.LinkPurpose.Nominate, t0.AddDays(3)));
        var link = new Uri(_local.Organiser.BaseAddress!, "/api/r/" + token).ToString();

        Assert.Equal(HttpStatusCode.OK, (await NominateAsync(link, (Mail("an"), "Nguyễn Văn An"), (Mail("binh"), "Trần Thị Bình"))).Status);
        var (status, html) = await NominateAsync(link, (Mail("an"), "Nguyễn Văn An"), (Mail("cuong"), "Lê Cường"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("2/2", html, StringComparison.Ordinal);
        var emails = (await InviteesAsync(courseId)).Select(i => i["email"]!.GetValue<string>()).Order().ToList();
        Assert.Equal([Mail("an"), Mail("cuong")], emails);

        // Still two of two: a third person is over the quota.
        (status, _) = await NominateAsync(link, (Mail("an"), "Nguyễn Văn An"), (Mail("cuong"), "Lê Cường"), (Mail("dung"), "Phạm Dũng"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(2, (await InviteesAsync(courseId)).Count);
    }

    private async Task<(HttpStatusCode Status, string Html)> NominateAsync(string link, params (string Email, string Name)[] people)
    {
        var fields = new List<KeyValuePair<string, string>> { new("answer", "nominate") };
        foreach (var (email, name) in people)
        {
            fields.Add(new("name", name));
            fields.Add(new("email", email));
            fields.Add(new("position", "Chuyên viên"));
        }

        using var form = new FormUrlEncodedContent(fields);
        var response = await _person.PostAsync(new Uri(link), form);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private async Task<List<JsonNode>> InviteesAsync(string courseId) =>
        [.. (await _local.Organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!.Select(i => i!)];

    private async Task<List<JsonNode>> MailToAsync(string email) =>
        [.. (await _local.Organiser.GetFromJsonAsync<JsonArray>($"/api/dev/outbox?to={Uri.EscapeDataString(email)}"))!.Select(i => i!)];

    private async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class
    {
        var until = DateTime.UtcNow + (timeout ?? Patience);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Condition not reached in time.\n{_local.Host.Output[^Math.Min(_local.Host.Output.Length, 6000)..]}");
            }

            await Task.Delay(500);
        }
    }
}
