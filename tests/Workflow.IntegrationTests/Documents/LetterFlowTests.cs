using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MimeKit;
using UglyToad.PdfPig;
using Workflow.IntegrationTests.Infrastructure;

namespace Workflow.IntegrationTests.Documents;

/// <summary>
/// Issue 18 items 1 and 2 on the real local host and Azurite: a course with a signer sends each invitee his own Giấy mời
/// (read back from the email's PDF: number, his name with diacritics, position and unit, the session in Vietnam time with
/// its weekday, the signer) and each unit its công văn; the organiser downloads the same letters; numbers taken at once
/// from two host processes are distinct per course and the same for one course; with SendGrid, a lettered course sends
/// one request per person and a course without a signer keeps one batch.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class LetterFlowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    private string Mail(string who) => $"{who}.{_tag}@tinh.example";

    [Fact]
    public async Task Each_invitation_carries_the_persons_own_giay_moi_and_each_unit_its_cong_van_the_organiser_downloads_the_same()
    {
        var host = await StartHostAsync("letters");
        using var organiser = host.CreateOrganiserClient();
        var start = NextMonday(10);
        var courseId = await CreateCourseAsync(organiser, start, signer: true);
        (await organiser.PostAsJsonAsync($"/api/courses/{courseId}/invitees", new[]
        {
            new { name = "Đặng Thị Hồng Nhung", email = Mail("nhung"), unit = "Sở Nội vụ", position = "Phó Giám đốc" },
            new { name = "Vương Quốc Khánh", email = Mail("khanh"), unit = "Huyện ủy Gia Viễn", position = "Trưởng ban Dân vận" },
        })).EnsureSuccessStatusCode();
        (await organiser.PostAsJsonAsync($"/api/courses/{courseId}/units", new[] { new { unit = $"Hội Nông dân tỉnh {_tag}", contactEmail = Mail("hnd"), quota = 4 } })).EnsureSuccessStatusCode();
        (await organiser.PostAsync(new Uri($"/api/courses/{courseId}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var nhung = await PdfOfAsync(host, organiser, Mail("nhung"));
        var khanh = await PdfOfAsync(host, organiser, Mail("khanh"));
        var unit = await PdfOfAsync(host, organiser, Mail("hnd"));

        Assert.Matches(@"^giay-moi-\d{2,}-GM-BDVTU_dang-thi-hong-nhung\.pdf$", nhung.FileName); // named for its reader, no id
        var number = Number(nhung.Text, "GM");
        Assert.Equal(number, Number(khanh.Text, "GM")); // one Giấy mời number per course, each copy addressed to its person
        Assert.Contains("Kính gửi: đồng chí Đặng Thị Hồng Nhung, Phó Giám đốc, Sở Nội vụ", nhung.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Vương Quốc Khánh", nhung.Text, StringComparison.Ordinal);
        Assert.Contains("Kính gửi: đồng chí Vương Quốc Khánh, Trưởng ban Dân vận, Huyện ủy Gia Viễn", khanh.Text, StringComparison.Ordinal);
        var today = DateTimeOffset.UtcNow.ToOffset(Vn);
        Assert.Contains($"Ninh Bình, ngày {today.Day:00} tháng {(today.Month <= 2 ? today.Month.ToString("00", CultureInfo.InvariantCulture) : today.Month.ToString(CultureInfo.InvariantCulture))} năm {today.Year}", nhung.Text, StringComparison.Ordinal);
        Assert.Contains($"từ 08 giờ 00 đến 11 giờ 30, thứ Hai, ngày {start:dd/MM/yyyy}", nhung.Text, StringComparison.Ordinal);
        Assert.Contains("K/T TRƯỞNG BAN", nhung.Text, StringComparison.Ordinal);
        Assert.Contains("Phạm Thị Thu Hường", nhung.Text, StringComparison.Ordinal);

        Assert.Matches(@"^cong-van-cu-can-bo-\d{2,}-CV-BDVTU_[a-z0-9-]+\.pdf$", unit.FileName);
        Number(unit.Text, "CV");
        Assert.Contains($"Kính gửi: Hội Nông dân tỉnh {_tag}", unit.Text, StringComparison.Ordinal);
        Assert.Contains("cử 04 cán bộ", unit.Text, StringComparison.Ordinal);

        // The organiser downloads the same letters (same number, no new one), one person's or all in one PDF.
        var invitees = (await organiser.GetFromJsonAsync<JsonArray>($"/api/courses/{courseId}/invitees"))!;
        var nhungId = invitees.Single(i => i!["email"]!.GetValue<string>() == Mail("nhung"))!["id"]!.GetValue<string>();
        var one = await organiser.GetAsync(new Uri($"/api/courses/{courseId}/letters/invitation?invitee={nhungId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("application/pdf", one.Content.Headers.ContentType!.MediaType);
        var oneText = Text(await one.Content.ReadAsByteArrayAsync());
        Assert.Equal(number, Number(oneText, "GM"));
        Assert.Contains("Đặng Thị Hồng Nhung", oneText, StringComparison.Ordinal);
        using (var all = PdfDocument.Open(await organiser.GetByteArrayAsync(new Uri($"/api/courses/{courseId}/letters/invitation", UriKind.Relative))))
        {
            Assert.Equal(2, all.NumberOfPages);
        }

        var letters = await organiser.GetAsync(new Uri($"/api/courses/{courseId}/letters/nomination", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, letters.StatusCode);
        Assert.Contains($"Hội Nông dân tỉnh {_tag}", Text(await letters.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        var missing = await organiser.GetAsync(new Uri($"/api/courses/{courseId}/letters/invitation?invitee=0123456789", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Numbers_taken_at_once_on_two_host_processes_are_one_per_course_and_never_shared()
    {
        var a = await StartHostAsync("lettersa");
        var b = await StartHostAsync("lettersb");
        using var clientA = a.CreateOrganiserClient();
        using var clientB = b.CreateOrganiserClient();
        var courses = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = await CreateCourseAsync(i % 2 == 0 ? clientA : clientB, NextMonday(20 + i), signer: true);
            (await clientA.PostAsJsonAsync($"/api/courses/{id}/invitees", new[] { new { name = "Lò Văn Mừng", email = Mail("mung" + i), unit = "Sở Tư pháp", position = "Chuyên viên" } })).EnsureSuccessStatusCode();
            courses.Add(id);
        }

        // Every course downloaded twice from each host, all at once: the first downloads race for the numbers.
        var downloads = await Task.WhenAll(courses.SelectMany(id => new[] { clientA, clientB, clientA, clientB }.Select(async client =>
        {
            var bytes = await client.GetByteArrayAsync(new Uri($"/api/courses/{id}/letters/invitation", UriKind.Relative));
            return (Course: id, Number: Number(Text(bytes), "GM"));
        })));

        var byCourse = downloads.GroupBy(d => d.Course).ToDictionary(g => g.Key, g => g.Select(d => d.Number).Distinct().ToList());
        Assert.All(byCourse.Values, numbers => Assert.Single(numbers));
        Assert.Equal(6, byCourse.Values.Select(n => n[0]).Distinct().Count());

        // And the number stays on the course: a later download from the other host gives it again.
        var again = Number(Text(await clientB.GetByteArrayAsync(new Uri($"/api/courses/{courses[0]}/letters/invitation", UriKind.Relative))), "GM");
        Assert.Equal(byCourse[courses[0]][0], again);
    }

    [Fact]
    public async Task With_SendGrid_a_lettered_course_sends_one_request_per_person_with_his_pdf_and_a_course_without_a_signer_one_batch()
    {
        await using var server = await FakeMailSendServer.StartAsync();
        var host = await StartHostAsync("letterssg", server.BaseUrl);
        using var organiser = host.CreateOrganiserClient();
        var people = new[] { "Hà Thị Ngọc", "Đinh Công Tráng", "Bùi Thị Xuân" };

        var lettered = await CreateCourseAsync(organiser, NextMonday(30), signer: true);
        (await organiser.PostAsJsonAsync($"/api/courses/{lettered}/invitees", people.Select((n, i) => new { name = n, email = Mail("l" + i), unit = "Sở Nội vụ", position = "Chuyên viên" }).ToArray())).EnsureSuccessStatusCode();
        (await organiser.PostAsync(new Uri($"/api/courses/{lettered}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        Assert.True(await server.WaitForAsync(3, Patience), "three invitation requests");

        var requests = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).ToList();
        Assert.Equal(3, requests.Count);
        foreach (var request in requests)
        {
            var to = Assert.Single(Assert.Single(request.GetProperty("personalizations").EnumerateArray()).GetProperty("to").EnumerateArray()).GetProperty("email").GetString()!;
            var person = people[int.Parse(to[1..to.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture)];
            var attachment = Assert.Single(request.GetProperty("attachments").EnumerateArray());
            Assert.Equal("application/pdf", attachment.GetProperty("type").GetString());
            var text = Text(Convert.FromBase64String(attachment.GetProperty("content").GetString()!));
            Assert.Contains($"Kính gửi: đồng chí {person}, Chuyên viên, Sở Nội vụ", text, StringComparison.Ordinal);
            Assert.All(people.Where(p => p != person), other => Assert.DoesNotContain(other, text, StringComparison.Ordinal));
        }

        server.Reset();
        var plain = await CreateCourseAsync(organiser, NextMonday(31), signer: false);
        (await organiser.PostAsJsonAsync($"/api/courses/{plain}/invitees", people.Select((n, i) => new { name = n, email = Mail("p" + i), unit = "Sở Nội vụ", position = "Chuyên viên" }).ToArray())).EnsureSuccessStatusCode();
        (await organiser.PostAsync(new Uri($"/api/courses/{plain}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        Assert.True(await server.WaitForAsync(1, Patience), "one invitation request");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var batch = Assert.Single(server.Requests);
        Assert.Equal(3, batch.Personalizations);
        Assert.False(JsonDocument.Parse(batch.Body).RootElement.TryGetProperty("attachments", out _));
    }

    private async Task<LocalHostProcess> StartHostAsync(string name, string? sendGrid = null)
    {
        var host = new LocalHostProcess(azurite.ConnectionString, new LocalHostOptions { Name = name, SendGridBaseUrl = sendGrid });
        _owned.Add(host);
        await host.StartAsync();
        return host;
    }

    private async Task<string> CreateCourseAsync(HttpClient organiser, DateTimeOffset start, bool signer)
    {
        var created = await organiser.PostAsJsonAsync("/api/courses", new
        {
            title = "Bồi dưỡng kỹ năng dân vận khéo " + _tag,
            venue = "Hội trường Tỉnh ủy Ninh Bình",
            sessions = new[] { new { start, end = start.AddHours(3.5) } },
            rsvpDeadline = start.AddDays(-3),
            organiserEmails = new[] { Mail("bandanvan") },
            language = "vi",
            letter = signer ? new { signerName = "Phạm Thị Thu Hường", signerTitle = "Phó Trưởng ban", authority = "K/T Trưởng ban" } : null,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    /// <summary>The PDF attached to the first email to <paramref name="email"/> in the host's dev outbox (its .eml).</summary>
    private static async Task<(string FileName, string Text)> PdfOfAsync(LocalHostProcess host, HttpClient organiser, string email)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var items = (await organiser.GetFromJsonAsync<JsonArray>($"/api/dev/outbox?to={Uri.EscapeDataString(email)}"))!;
            if (items.FirstOrDefault() is { } item)
            {
                using var eml = await MimeMessage.LoadAsync(Path.Combine(host.OutboxDirectory!, item["id"]!.GetValue<string>() + ".eml"));
                var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(eml.Attachments));
                Assert.Equal("application/pdf", part.ContentType.MimeType);
                using var bytes = new MemoryStream();
                await part.Content!.DecodeToAsync(bytes);
                return (part.FileName ?? string.Empty, Text(bytes.ToArray()));
            }

            Assert.True(DateTime.UtcNow < until, $"no email to {email}");
            await Task.Delay(300);
        }
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    private static int Number(string text, string kind)
    {
        var match = Regex.Match(text, @"Số (\d{2,})-" + kind + "/BDVTU");
        Assert.True(match.Success, "the letter's number and sign");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>A Monday at 08:00 in Vietnam, about <paramref name="days"/> days ahead.</summary>
    private static DateTimeOffset NextMonday(int days)
    {
        var day = DateTimeOffset.UtcNow.ToOffset(Vn).Date.AddDays(days);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day.Year, day.Month, day.Day, 8, 0, 0, Vn);
    }
}
