using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.LocalHost;
using static Workflow.IntegrationTests.Api.BadInput.Bodies;

namespace Workflow.IntegrationTests.Api.BadInput;

/// <summary>
/// Issue 7's bad-input suite on the real local host: every row of <see cref="BadInputTable"/> and
/// <see cref="HostileTextTable"/>, and a sweep of hostile bodies over every route the host maps.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BadInputTests(BadInputHost host) : IClassFixture<BadInputHost>
{
    /// <summary>How long any refusal may take (ids that are not table keys are refused before storage is asked).</summary>
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    /// <summary>Text that must never reach a person: .NET type names, exception texts, stack traces.</summary>
    private static readonly string[] Leaks = ["System.", "Workflow.", "Microsoft.", "could not be converted", "Exception", "   at ", "StackTrace", "stack trace"];

    public static TheoryData<string> Refusals => BadInputTable.Names();

    public static TheoryData<string> HostileTexts => HostileTextTable.Names();

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_input_is_refused_with_a_4xx_naming_the_field_and_changes_nothing(string name)
    {
        var row = BadInputTable.Find(name);
        var before = await host.SnapshotAsync(row.Reread);

        var answer = await host.SendAsync(row.Method, row.Path, row.Body, row.Key, row.Headers);

        Assert.True(answer.Status < 500, $"{row}\nanswered {answer.Status}:\n{Short(answer.Body)}");
        Assert.True(row.Allows(answer.Status), $"{row}\nanswered {answer.Status}, expected {row.Expect}:\n{Short(answer.Body)}");
        Assert.True(answer.Elapsed < Quick, $"{row}\ntook {answer.Elapsed.TotalSeconds:0.0} s");
        AssertReadable(row, answer);
        Assert.Equal(before, await host.SnapshotAsync(row.Reread));
    }

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public async Task Hostile_text_is_refused_naming_the_field_or_kept_verbatim_as_data(string name)
    {
        var row = HostileTextTable.Find(name);
        var scratch = row.Target is TextTarget.Invitee or TextTarget.InviteeCsv ? await host.Local.CreateCourseAsync("vi", start: false) : null;
        var before = await host.SnapshotAsync(Reread.All, scratch is null ? [] : [scratch]);
        var leaf = row.Field[(row.Field.LastIndexOf('.') + 1)..];

        var answer = await SendHostileAsync(row, scratch, leaf);
        Assert.True(answer.Status < 500, $"{row}\nanswered {answer.Status}:\n{Short(answer.Body)}");
        Assert.True(answer.Elapsed < Quick, $"{row}\ntook {answer.Elapsed.TotalSeconds:0.0} s");
        Assert.DoesNotContain("<script", answer.Body, StringComparison.OrdinalIgnoreCase);
        if (answer.Status >= 400)
        {
            Assert.True(answer.Status == 400, $"{row}\nanswered {answer.Status}, expected 400:\n{Short(answer.Body)}");
            if (row.Target != TextTarget.DeclineReason)
            {
                AssertNamesField(row.ToString(), answer, row.Target == TextTarget.UnitName ? $"{row.Field}|units{row.Field}" : row.Field, says: null);
            }

            Assert.Equal(before, await host.SnapshotAsync(Reread.All, scratch is null ? [] : [scratch]));
            return;
        }

        Assert.False(row.MustRefuse && row.Target is not (TextTarget.Invitee or TextTarget.InviteeCsv), $"{row}\nmust be refused with 400 naming {row.Field}; answered {answer.Status}");
        string stored;
        switch (row.Target)
        {
            case TextTarget.Course:
            {
                var course = JsonNode.Parse(answer.Body)!;
                var id = course["id"]!.GetValue<string>();
                var read = JsonNode.Parse(await host.Local.Organiser.GetStringAsync(new Uri($"/api/courses/{id}", UriKind.Relative)))!;
                stored = (row.Field == "presenters[0]" ? read["presenters"]![0] : read[row.Field])!.GetValue<string>();
                await AssertPageEncodesAsync(row, id);
                break;
            }

            case TextTarget.Invitee:
            case TextTarget.InviteeCsv:
            {
                var result = JsonNode.Parse(answer.Body)!;
                var invitees = JsonNode.Parse(await host.Local.Organiser.GetStringAsync(new Uri($"/api/courses/{scratch}/invitees", UriKind.Relative)))!.AsArray();
                if (result["added"]!.GetValue<int>() == 0)
                {
                    // Refused as a row: reported with its number and a reason naming the field; nothing added.
                    var rejected = Assert.Single(result["rejected"]!.AsArray());
                    Assert.Contains(leaf, rejected!["reason"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
                    Assert.Empty(invitees);
                    return;
                }

                Assert.False(row.MustRefuse, $"{row}\nmust be refused (400 naming {row.Field}, or a rejected row); it was added");
                stored = Assert.Single(invitees)![leaf]!.GetValue<string>();
                if (row.Target == TextTarget.InviteeCsv && stored == "'" + row.Value)
                {
                    return; // Neutralised as spreadsheet text: fine.
                }

                break;
            }

            case TextTarget.Complaint:
            {
                var id = JsonNode.Parse(answer.Body)!["id"]!.GetValue<string>();
                var read = JsonNode.Parse(await host.Local.Organiser.GetStringAsync(new Uri($"/api/complaints/{id}", UriKind.Relative)))!;
                stored = read[row.Field]!.GetValue<string>();
                break;
            }

            case TextTarget.UnitName:
            {
                var units = JsonNode.Parse(await host.Local.Organiser.GetStringAsync(new Uri("/api/units", UriKind.Relative)))!.AsArray();
                stored = Assert.Single(units)!["name"]!.GetValue<string>();
                break;
            }

            case TextTarget.DeclineReason:
            {
                var (_, invitee, _) = BadInputHost.Claims(host.TokenB);
                var invitees = JsonNode.Parse(await host.Local.Organiser.GetStringAsync(new Uri($"/api/courses/{host.StartedCourse}/invitees", UriKind.Relative)))!.AsArray();
                stored = invitees.Single(i => i!["id"]!.GetValue<string>() == invitee)!["reason"]!.GetValue<string>();
                var page = await host.SendAsync("GET", "/api/r/" + host.TokenB, null, Key.None);
                Assert.Equal(200, page.Status);
                AssertNoRawMarkup(row, page.Body);
                AssertNoRawMarkup(row, answer.Body);
                break;
            }

            default:
                throw new InvalidOperationException(row.Target.ToString());
        }

        Assert.Equal(Lf(row.Value), Lf(stored));
    }

    [Fact]
    public async Task Every_route_of_the_host_has_rows_in_the_bad_input_table()
    {
        var routes = (await RoutesAsync()).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var covered = BadInputTable.Cases.Select(c => c.Route).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(routes.Except(covered).Order());
        Assert.Empty(covered.Except(routes).Order());
        Assert.True(BadInputTable.Cases.Count + HostileTextTable.Cases.Count >= 80);
        Assert.Equal(BadInputTable.Cases.Count, BadInputTable.Cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Generic hostile input on every route and method the host maps: never a 5xx, never slow.</summary>
    [Fact]
    public async Task A_sweep_of_hostile_input_over_every_route_gets_no_5xx()
    {
        var course = await host.Local.CreateCourseAsync("vi", start: false, ("Phạm Văn D", "d.pham@sonoivu.tinh.example"));
        var created = await host.Local.Organiser.PostAsync(new Uri("/api/complaints", UriKind.Relative), new StringContent(Complaint(), Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        var complaint = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var deep = Nested(10_000);
        BadBody[] inputs =
        [
            BadBody.Raw(null, () => [], "(empty, no content type)"),
            BadBody.Json(string.Empty),
            BadBody.Json("null"),
            BadBody.Json("[]"),
            BadBody.Json("{}"),
            BadBody.Json("\"x\""),
            BadBody.Json(deep),
            BadBody.Json(() => "\"" + new string('a', 2 * 1024 * 1024) + "\"", "a 2 MB JSON string"),
            BadBody.Raw("application/json", () => RandomBytes(65_536, 3), "64 KB random bytes as JSON"),
            BadBody.Raw("application/octet-stream", () => RandomBytes(65_536, 4), "64 KB random bytes"),
            BadBody.Text("text/plain", "hello"),
            BadBody.Text("text/csv", deep),
            BadBody.Form(deep),
            BadBody.Text("multipart/form-data", "--x\r\n"),
            BadBody.Text("application/x-www-form-urlencoded; charset=utf-99", "answer=maybe"),
        ];

        var failures = new List<string>();
        var sent = 0;
        foreach (var route in await RoutesAsync())
        {
            var path = "/" + route.Pattern
                .Replace("{id}", route.Pattern.Contains("complaints", StringComparison.Ordinal) ? complaint : course, StringComparison.Ordinal)
                .Replace("{token}", host.TokenC, StringComparison.Ordinal)
                .Replace("{inviteeId}", "0000000000000000dead", StringComparison.Ordinal)
                .Replace("{name}", "NoSuchFunction", StringComparison.Ordinal)
                .Replace("{number}", "BDNV-2027-000001", StringComparison.Ordinal)
                .Replace("{file}", "app.js", StringComparison.Ordinal)
                .Replace("{signIn}", "nobody@example.vn", StringComparison.Ordinal)
                .Replace("{session}", "1", StringComparison.Ordinal);
            // The administrator's routes with the master key (the organiser key would stop at the gate's 403).
            var key = route.Name is LocalOnly.AdminRun or "AddHolidayYear" or "ListPeople" or "PutPerson" or "RemovePerson" ? Key.Master : Key.Organiser;
            foreach (var method in route.Methods)
            {
                var bodies = method is "GET" or "HEAD" ? [null] : inputs.Cast<BadBody?>().ToArray();
                var paths = method is "GET" or "HEAD" ? [path, path + "?status=%00&dueWithinDays=%FF&to=%00&answer=accept&code="] : new[] { path };
                foreach (var p in paths)
                {
                    foreach (var body in bodies)
                    {
                        var answer = await host.SendAsync(method, p, body, key);
                        sent++;
                        if (answer.Status >= 500 || answer.Elapsed >= Quick)
                        {
                            failures.Add($"{route.Name} {method} {p[..Math.Min(p.Length, 80)]} [{body}] → {answer.Status} in {answer.Elapsed.TotalSeconds:0.0} s");
                        }
                    }
                }
            }
        }

        Assert.True(sent > 100, $"only {sent} requests");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests answered 5xx or slowly:\n" + string.Join('\n', failures));
    }

    private async Task<Answer> SendHostileAsync(HostileText row, string? scratch, string leaf)
    {
        switch (row.Target)
        {
            case TextTarget.Course:
                var course = Course(o =>
                {
                    if (row.Field == "presenters[0]")
                    {
                        o["presenters"] = new JsonArray(row.Value);
                    }
                    else
                    {
                        o[row.Field] = row.Value;
                    }
                });
                return await host.SendAsync("POST", "/api/courses", BadBody.Json(course), Key.Organiser);
            case TextTarget.Invitee:
                return await host.SendAsync("POST", $"/api/courses/{scratch}/invitees", BadBody.Json(Invitees(o => o[leaf] = row.Value)), Key.Organiser);
            case TextTarget.InviteeCsv:
                var csv = "name,email\n\"" + row.Value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\",binh@sotuphap.tinh.example\n";
                return await host.SendAsync("POST", $"/api/courses/{scratch}/invitees", BadBody.Csv(csv), Key.Organiser);
            case TextTarget.Complaint:
                return await host.SendAsync("POST", "/api/complaints", BadBody.Json(Complaint(o => o[row.Field] = row.Value)), Key.Organiser);
            case TextTarget.UnitName:
                return await host.SendAsync("PUT", "/api/units", BadBody.Json(UnitList(o => o["name"] = row.Value)), Key.Organiser);
            case TextTarget.DeclineReason:
                return await host.SendAsync("POST", "/api/r/" + host.TokenB, BadBody.Form("answer=decline&reason=" + Uri.EscapeDataString(row.Value)), Key.None);
            default:
                throw new InvalidOperationException(row.Target.ToString());
        }
    }

    /// <summary>The course's reply page (through a token for an invitee added now) shows the text encoded.</summary>
    private async Task AssertPageEncodesAsync(HostileText row, string courseId)
    {
        var added = await host.SendAsync("POST", $"/api/courses/{courseId}/invitees", BadBody.Json(Invitees()), Key.Organiser);
        Assert.Equal(200, added.Status);
        var invitees = JsonNode.Parse(await host.Local.Organiser.GetStringAsync(new Uri($"/api/courses/{courseId}/invitees", UriKind.Relative)))!.AsArray();
        var page = await host.SendAsync("GET", "/api/r/" + host.ValidToken(courseId, Assert.Single(invitees)!["id"]!.GetValue<string>()), null, Key.None);
        Assert.Equal(200, page.Status);
        AssertNoRawMarkup(row, page.Body);
        if (row.Value == HostileTextTable.Html && row.Field is "title" or "venue")
        {
            Assert.Contains("&lt;script&gt;", page.Body, StringComparison.Ordinal);
        }
    }

    private static void AssertNoRawMarkup(HostileText row, string html)
    {
        Assert.False(html.Contains("<script", StringComparison.OrdinalIgnoreCase), $"{row}\nraw <script in the page");
        Assert.False(html.Contains("<img", StringComparison.OrdinalIgnoreCase), $"{row}\nraw <img in the page");
    }

    /// <summary>A problem (API) or a plain page (reply page) in words a person can read, naming the field when one is at fault.</summary>
    private static void AssertReadable(BadInputCase row, Answer answer)
    {
        foreach (var leak in Leaks)
        {
            Assert.False(answer.Body.Contains(leak, StringComparison.Ordinal), $"{row}\nthe answer shows '{leak}':\n{Short(answer.Body)}");
        }

        if (answer.Status < 400 || row.Method == "HEAD")
        {
            return;
        }

        // A method the route does not take is answered by routing (405 problem), before the page's handler.
        if (row.IsPage && answer.Status != 405)
        {
            Assert.True(answer.MediaType == "text/html", $"{row}\nexpected a page, got {answer.MediaType}:\n{Short(answer.Body)}");
            if (row.Says is not null)
            {
                Assert.Contains(row.Says, answer.Body, StringComparison.Ordinal);
            }

            return;
        }

        Assert.True(answer.MediaType == "application/problem+json", $"{row}\nexpected application/problem+json, got {answer.MediaType}:\n{Short(answer.Body)}");
        if (row.Field is not null)
        {
            AssertNamesField(row.ToString(), answer, row.Field, row.Says);
        }
        else if (row.Says is not null)
        {
            var detail = JsonNode.Parse(answer.Body)?["detail"]?.GetValue<string>() ?? string.Empty;
            Assert.True(detail.Contains(row.Says, StringComparison.Ordinal), $"{row}\nthe detail does not say '{row.Says}': {detail}");
        }
    }

    private static void AssertNamesField(string row, Answer answer, string fields, string? says)
    {
        JsonNode? problem;
        try
        {
            problem = JsonNode.Parse(answer.Body);
        }
        catch (JsonException)
        {
            problem = null;
        }

        var errors = problem?["errors"] as JsonObject;
        Assert.True(errors is not null, $"{row}\nno errors map in:\n{Short(answer.Body)}");
        var field = fields.Split('|').FirstOrDefault(errors!.ContainsKey);
        Assert.True(field is not null, $"{row}\nthe errors map names {string.Join(", ", errors.Select(e => e.Key))}, not {fields}:\n{Short(answer.Body)}");
        var messages = errors[field!]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.True(messages.Count > 0 && messages.All(m => m.Trim().Length > 0), $"{row}\nempty message for {field}");
        if (says is not null)
        {
            Assert.True(messages.Any(m => m.Contains(says, StringComparison.Ordinal)), $"{row}\nno message for {field} says '{says}': {string.Join(" | ", messages)}");
        }
    }

    private static async Task<IReadOnlyList<(string Name, string Pattern, IReadOnlyList<string> Methods)>> RoutesAsync()
    {
        await using var app = LocalHostApp.Build(
        [
            "--Workflow:OrganiserApiKey=k", "--Workflow:MasterKey=m", "--Workflow:Links:ActiveKeyId=t",
            "--Workflow:Links:Keys:t=" + Convert.ToBase64String(new byte[32]),
        ]);
        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => (
                e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "(unnamed " + e.RoutePattern.RawText + ")",
                e.RoutePattern.RawText!.TrimStart('/'),
                (IReadOnlyList<string>)(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m.ToUpperInvariant()).ToList()))
            .ToList();
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Short(string text) => text.Length <= 1500 ? text : text[..1500] + string.Create(CultureInfo.InvariantCulture, $"... ({text.Length} chars)");
}
