using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workflow.Access;
using Workflow.IntegrationTests.Infrastructure;
using Workflow.LocalHost;

namespace Workflow.IntegrationTests.Api.Access;

/// <summary>
/// Issue 17 items 3 and 6 on a real local host run as <c>./run.sh</c> runs it (<see cref="AccessHost"/>): every route ×
/// every caller against the expected matrix (<see cref="AccessMatrix"/>), the complaint board narrowed to an officer's
/// units, and the hostile identities: forged, oversized and unreadable principal headers, a person removed or given
/// other units mid-session, cross-site changes, a key of the wrong role.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class AccessMatrixTests(AccessHost host) : IClassFixture<AccessHost>
{
    private static readonly Lazy<Dictionary<string, string>> English = new(() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "Shared", "Templates", "strings.en.json")))!);

    [Fact]
    public async Task Every_route_has_a_row_in_the_expected_matrix_and_in_the_access_table()
    {
        var routes = await RoutesAsync();
        var functions = FunctionNames();
        var rows = AccessMatrix.Rows;
        var problems = new List<string>();

        foreach (var route in routes)
        {
            if (!rows.Any(r => r.Route == route.Name))
            {
                problems.Add($"{route.Name} ({string.Join(",", route.Methods)} {route.Pattern}) has no row in the expected matrix (AccessMatrix.Rows)");
            }

            if (RouteAccess.Find(route.Name) is null)
            {
                problems.Add($"{route.Name} has no row in RouteAccess (refused to everyone)");
            }
        }

        problems.AddRange(functions.Where(f => !routes.Any(r => r.Name == f)).Select(f => $"Functions' {f} is not a route of the local host"));
        problems.AddRange(functions.Where(f => RouteAccess.Find(f) is null).Select(f => $"Functions' {f} has no row in RouteAccess"));
        problems.AddRange(RouteAccess.Rules.Keys.Where(n => !routes.Any(r => r.Name == n)).Select(n => $"RouteAccess names {n}, which no route of the local host has"));
        foreach (var row in rows)
        {
            var route = routes.FirstOrDefault(r => r.Name == row.Route);
            var path = row.Path.Split('?')[0].Replace("%40", "@", StringComparison.Ordinal);
            if (route.Name is null)
            {
                problems.Add($"the matrix row {row} names no route");
            }
            else if (!route.Methods.Contains(row.Method) || !Template(route.Pattern).IsMatch(path.TrimStart('/')))
            {
                problems.Add($"the matrix row {row} does not reach {route.Name} ({string.Join(",", route.Methods)} {route.Pattern})");
            }
        }

        Assert.True(routes.Count >= 40, $"only {routes.Count} routes found");
        Assert.Contains(routes, r => r.Name == "DevSignIn");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_route_answers_every_caller_as_the_expected_matrix_says_and_nothing_changes()
    {
        var before = await StateAsync();
        var failures = new List<string>();
        var sent = 0;
        await Task.WhenAll(AccessHost.Everyone.Select(async who =>
        {
            foreach (var row in AccessMatrix.Rows)
            {
                var path = row.Path.Replace("{course}", host.Course, StringComparison.Ordinal)
                    .Replace("{caseA}", host.CaseA, StringComparison.Ordinal)
                    .Replace("{caseB}", host.CaseB, StringComparison.Ordinal);
                var content = row.Body is null ? null : new StringContent(row.Body, Encoding.UTF8, row.ContentType);
                var answer = await host.SendAsync(who, new HttpMethod(row.Method), path, content);
                Interlocked.Increment(ref sent);
                if (Judge(row, who, answer) is { } failure)
                {
                    lock (failures)
                    {
                        failures.Add($"{row} as {who}: {failure}");
                    }
                }
            }
        }));

        Assert.Equal(AccessMatrix.Rows.Count * AccessHost.Everyone.Count, sent);
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers differ from the expected matrix:\n" + string.Join('\n', failures.Order(StringComparer.Ordinal)));
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task The_complaint_board_lists_an_officer_his_own_units_cases_only_and_a_leader_every_case()
    {
        var expected = new Dictionary<Who, (bool A, bool B)>
        {
            [Who.OfficerA] = (true, false),
            [Who.OfficerB] = (false, true),
            [Who.Leader] = (true, true),
            [Who.OrganiserKey] = (true, true),
            [Who.MasterKey] = (true, true),
            [Who.ReportsKey] = (true, true),
        };
        foreach (var (who, (a, b)) in expected)
        {
            foreach (var query in new[] { "", "?status=open", "?status=open&dueWithinDays=3650" })
            {
                var ids = await CaseIdsAsync(host.Credential(who), query);
                Assert.True(a == ids.Contains(host.CaseA), $"{who} {query}: case A {(a ? "missing" : "listed")}");
                Assert.True(b == ids.Contains(host.CaseB), $"{who} {query}: case B {(b ? "missing" : "listed")}");
            }
        }

        foreach (var who in new[] { Who.OrganiserPerson, Who.Administrator, Who.RemovedPerson })
        {
            Assert.Equal(403, (await host.SendAsync(who, HttpMethod.Get, "/api/complaints")).Status);
        }

        // The officer reads his own unit's case; another unit's answers exactly as a case that does not exist.
        var own = await host.SendAsync(Who.OfficerA, HttpMethod.Get, $"/api/complaints/{host.CaseA}");
        Assert.Equal((200, host.CaseA), (own.Status, own.Json["id"]!.GetValue<string>()));
        var other = await host.SendAsync(Who.OfficerA, HttpMethod.Get, $"/api/complaints/{host.CaseB}");
        var absent = await host.SendAsync(Who.OfficerA, HttpMethod.Get, "/api/complaints/0000000000000000");
        Assert.Equal(404, other.Status);
        Assert.Equal(absent.Detail?.Replace("0000000000000000", host.CaseB, StringComparison.Ordinal), other.Detail);
    }

    [Fact]
    public async Task An_officer_may_register_a_case_for_his_own_unit_only()
    {
        var before = await CaseIdsAsync(host.Credential(Who.MasterKey), "");
        var code = "KN-MX-" + Guid.NewGuid().ToString("N")[..10];
        string Case(string unit) => new JsonObject
        {
            ["code"] = code, ["kind"] = "firstComplaint", ["receivedOn"] = "2026-11-20", ["complex"] = false, ["remoteArea"] = false,
            ["severalPlaces"] = false, ["handlingUnit"] = unit, ["officerEmails"] = new JsonArray("thanhtra@tinh.example"), ["subject"] = "Khiếu nại",
        }.ToJsonString();

        var refused = await host.SendAsync(Who.OfficerA, HttpMethod.Post, "/api/complaints", AccessHost.Json(Case(AccessHost.UnitB)));
        Assert.Equal(403, refused.Status);
        Assert.NotNull(refused.Json["errors"]?["handlingUnit"]);
        Assert.True(before.SetEquals(await CaseIdsAsync(host.Credential(Who.MasterKey), "")), "a case was registered");

        // His unit, written as the case form may write it (other case, spacing): his.
        var registered = await host.SendAsync(Who.OfficerA, HttpMethod.Post, "/api/complaints", AccessHost.Json(Case("  ubnd  PHƯỜNG Hải Châu ")));
        Assert.Equal(201, registered.Status);
        var id = registered.Json["id"]!.GetValue<string>();
        Assert.Equal(200, (await host.SendAsync(Who.OfficerA, HttpMethod.Get, $"/api/complaints/{id}")).Status);
        Assert.Equal(404, (await host.SendAsync(Who.OfficerB, HttpMethod.Get, $"/api/complaints/{id}")).Status);
    }

    [Fact]
    public async Task A_forged_principal_header_on_the_local_host_is_ignored()
    {
        var administrator = Principal($$"""
            {"auth_typ":"aad","name_typ":"preferred_username","claims":[{"typ":"preferred_username","val":"quantri@demo.local"},{"typ":"roles","val":"administrator"}]}
            """);
        void Forged(HttpRequestMessage r)
        {
            r.Headers.Add(Authenticator.PrincipalHeader, administrator);
            r.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "quantri@demo.local");
            r.Headers.Add("X-MS-CLIENT-PRINCIPAL-IDP", "aad");
        }

        // Alone it proves nothing: 401, as with no credential at all.
        var alone = await host.SendAsync(Who.NoSignIn, HttpMethod.Get, "/api/me", change: Forged);
        Assert.Equal(401, alone.Status);
        Assert.Equal(Phrase("problem.signInOrSendAKey"), alone.Detail);
        Assert.Equal(401, (await host.SendAsync(Who.NoSignIn, HttpMethod.Get, "/api/people", change: Forged)).Status);

        // With the organiser key the caller stays the key: not the administrator the header names.
        var key = await host.SendAsync(Who.OrganiserKey, HttpMethod.Get, "/api/me", change: Forged);
        Assert.Equal(200, key.Status);
        Assert.Equal(("organiser-key", "key"), (key.Json["id"]!.GetValue<string>(), key.Json["source"]!.GetValue<string>()));
        Assert.Equal(new[] { "organiser", "officer" }, key.Json["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(403, (await host.SendAsync(Who.OrganiserKey, HttpMethod.Get, "/api/people", change: Forged)).Status);

        // With a person's cookie the caller stays that person.
        var officer = await host.SendAsync(Who.OfficerA, HttpMethod.Get, "/api/me", change: Forged);
        Assert.Equal(200, officer.Status);
        Assert.Equal((AccessHost.SignInOf(Who.OfficerA), "person"), (officer.Json["id"]!.GetValue<string>(), officer.Json["source"]!.GetValue<string>()));
        Assert.Equal(new[] { "officer" }, officer.Json["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        // His units as the people table writes them (the page shows them), not their compared lower-case form.
        Assert.Equal(new[] { AccessHost.UnitA }, officer.Json["units"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(403, (await host.SendAsync(Who.OfficerA, HttpMethod.Get, "/api/people", change: Forged)).Status);
    }

    public static TheoryData<string> HostilePrincipals => new() { "20 KB", "20 KB of base64 naming the administrator", "not base64", "base64 of text", "claims an object", "nested 5000 deep", "empty" };

    [Theory]
    [MemberData(nameof(HostilePrincipals))]
    public async Task An_oversized_or_unreadable_principal_header_is_a_401_or_ignored_never_a_500(string kind)
    {
        var header = kind switch
        {
            "20 KB" => new string('A', 20 * 1024),
            "20 KB of base64 naming the administrator" => Principal($$"""
                {"claims":[{"typ":"preferred_username","val":"quantri@demo.local"},{"typ":"padding","val":"{{new string('x', 15 * 1024)}}"}]}
                """),
            "not base64" => "<script>alert(1)</script> %%% not base64",
            "base64 of text" => Principal("preferred_username=quantri@demo.local"),
            "claims an object" => Principal("""{"claims":{"typ":"preferred_username","val":"quantri@demo.local"}}"""),
            "nested 5000 deep" => Principal("""{"claims":""" + new string('[', 5000) + new string(']', 5000) + "}"),
            _ => "",
        };
        void Hostile(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation(Authenticator.PrincipalHeader, header);

        var alone = await host.SendAsync(Who.NoSignIn, HttpMethod.Get, "/api/me", change: Hostile);
        Assert.Equal(401, alone.Status);
        Assert.Equal("application/problem+json", alone.MediaType);
        var change = await host.SendAsync(Who.NoSignIn, HttpMethod.Post, $"/api/complaints/{host.CaseA}/accept", AccessHost.Json("""{"acceptedOn":"2026-11-21"}"""), Hostile);
        Assert.Equal(401, change.Status);

        var key = await host.SendAsync(Who.OrganiserKey, HttpMethod.Get, "/api/me", change: Hostile);
        Assert.True(key.Status == 200, key.ToString());
        Assert.Equal("organiser-key", key.Json["id"]!.GetValue<string>());
        var person = await host.SendAsync(Who.Leader, HttpMethod.Get, "/api/me", change: Hostile);
        Assert.True(person.Status == 200, person.ToString());
        Assert.Equal(AccessHost.SignInOf(Who.Leader), person.Json["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_person_removed_mid_session_is_refused_on_his_next_request_naming_whom_to_ask()
    {
        var signIn = $"matrix.leaving-{Guid.NewGuid():N}@tinh.example";
        await host.PutPersonAsync(signIn, "Trần Văn Rời", ["officer"], [AccessHost.UnitA]);
        var cookie = await host.SignInAsync(signIn) ?? throw new InvalidOperationException("not signed in");
        var browser = host.PersonCredential(cookie);
        Assert.Equal(200, (await host.SendAsync(browser, HttpMethod.Get, $"/api/complaints/{host.CaseA}")).Status);
        var state = await host.CaseStateAsync(host.CaseA);

        await host.RemovePersonAsync(signIn);

        var me = await host.SendAsync(browser, HttpMethod.Get, "/api/me");
        Assert.Equal(403, me.Status);
        Assert.Equal(Phrase("problem.youAreNotAmongThePeopleAsk").Replace("{{ administrators }}", "quantri.goc@tinh.example, bantochuc.goc@tinh.example", StringComparison.Ordinal), me.Detail);
        Assert.Equal(403, (await host.SendAsync(browser, HttpMethod.Get, $"/api/complaints/{host.CaseA}")).Status);
        var accept = await host.SendAsync(browser, HttpMethod.Post, $"/api/complaints/{host.CaseA}/accept", AccessHost.Json("""{"acceptedOn":"2026-11-21"}"""));
        Assert.Equal(403, accept.Status);
        Assert.Equal(me.Detail, accept.Detail);
        Assert.Equal(state, await host.CaseStateAsync(host.CaseA));

        // He cannot sign in again either.
        Assert.Null(await host.SignInAsync(signIn));
    }

    [Fact]
    public async Task An_administrator_by_configuration_signs_in_without_a_row_in_the_people_table()
    {
        var cookie = await host.SignInAsync("  QuanTri.Goc@tinh.example ") ?? throw new InvalidOperationException("not signed in");
        var me = await host.SendAsync(host.PersonCredential(cookie), HttpMethod.Get, "/api/me");
        Assert.True(me.Status == 200, me.ToString());
        Assert.Equal(("quantri.goc@tinh.example", "person"), (me.Json["id"]!.GetValue<string>(), me.Json["source"]!.GetValue<string>()));
        Assert.Equal(new[] { "administrator" }, me.Json["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(200, (await host.SendAsync(host.PersonCredential(cookie), HttpMethod.Get, "/api/people")).Status);
        Assert.Equal(403, (await host.SendAsync(host.PersonCredential(cookie), HttpMethod.Get, "/api/complaints")).Status);
    }

    [Fact]
    public async Task A_person_whose_units_change_sees_the_new_units_cases_on_his_next_request_and_no_longer_the_old()
    {
        var signIn = $"matrix.moved-{Guid.NewGuid():N}@tinh.example";
        await host.PutPersonAsync(signIn, "Lê Thị Chuyển", ["officer"], [AccessHost.UnitA]);
        var browser = host.PersonCredential(await host.SignInAsync(signIn) ?? throw new InvalidOperationException("not signed in"));
        Assert.Equal(200, (await host.SendAsync(browser, HttpMethod.Get, $"/api/complaints/{host.CaseA}")).Status);
        Assert.Equal(404, (await host.SendAsync(browser, HttpMethod.Get, $"/api/complaints/{host.CaseB}")).Status);

        // Unit B, written in another case, spacing and Unicode composition than the case's "Thanh tra tỉnh".
        await host.PutPersonAsync(signIn, "Lê Thị Chuyển", ["officer"], ["  THANH  tra TỈNH ".Normalize(NormalizationForm.FormD)]);

        Assert.Equal(404, (await host.SendAsync(browser, HttpMethod.Get, $"/api/complaints/{host.CaseA}")).Status);
        var stateA = await host.CaseStateAsync(host.CaseA);
        Assert.Equal(404, (await host.SendAsync(browser, HttpMethod.Post, $"/api/complaints/{host.CaseA}/accept", AccessHost.Json("""{"acceptedOn":"2026-11-21"}"""))).Status);
        Assert.Equal(stateA, await host.CaseStateAsync(host.CaseA));
        Assert.Equal(200, (await host.SendAsync(browser, HttpMethod.Get, $"/api/complaints/{host.CaseB}")).Status);
        var ids = await CaseIdsAsync(browser, "");
        Assert.DoesNotContain(host.CaseA, ids);
        Assert.Contains(host.CaseB, ids);
        var me = await host.SendAsync(browser, HttpMethod.Get, "/api/me");
        Assert.True(me.Status == 200, me.ToString());
        // Shown as the administrator wrote it (trimmed), compared in its normalised form.
        Assert.Equal(new[] { "THANH  tra TỈNH".Normalize(NormalizationForm.FormD) }, me.Json["units"]!.AsArray().Select(u => u!.GetValue<string>()));

        // No longer an officer at all: the complaint routes are closed to him.
        await host.PutPersonAsync(signIn, "Lê Thị Chuyển", ["organiser"], []);
        Assert.Equal(403, (await host.SendAsync(browser, HttpMethod.Get, $"/api/complaints/{host.CaseB}")).Status);
        Assert.Equal(200, (await host.SendAsync(browser, HttpMethod.Get, "/api/courses")).Status);
    }

    public static TheoryData<string> CrossSite => new()
    {
        "Origin: https://evil.example",
        "no Origin, no Referer",
        "Origin: null",
        "Origin: this host over https",
        "Origin: this host on another port",
        "Origin: this host as a prefix of another",
        "Referer: https://evil.example/page, no Origin",
        "Origin: https://evil.example, Referer: this host",
        "Origin: empty",
    };

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task A_signed_in_persons_change_from_another_site_is_refused_and_changes_nothing(string kind)
    {
        var id = await host.RegisterCaseAsync(AccessHost.UnitA);
        var state = await host.CaseStateAsync(id);
        var self = new Uri(host.BaseUrl);
        void From(HttpRequestMessage r)
        {
            r.Headers.Remove("Origin");
            var (origin, referer) = kind switch
            {
                "Origin: https://evil.example" => ("https://evil.example", null),
                "no Origin, no Referer" => (null, null),
                "Origin: null" => ("null", null),
                "Origin: this host over https" => ($"https://{self.Authority}", null),
                "Origin: this host on another port" => ($"http://{self.Host}:{(self.Port == 65535 ? 1 : self.Port + 1)}", null),
                "Origin: this host as a prefix of another" => ($"http://{self.Authority}.evil.example", null),
                "Referer: https://evil.example/page, no Origin" => (null, "https://evil.example/page"),
                "Origin: https://evil.example, Referer: this host" => ("https://evil.example", host.BaseUrl + "/api/organiser"),
                _ => ("", (string?)null),
            };
            if (origin is not null)
            {
                r.Headers.TryAddWithoutValidation("Origin", origin);
            }

            if (referer is not null)
            {
                r.Headers.TryAddWithoutValidation("Referer", referer);
            }
        }

        var accept = await host.SendAsync(Who.OfficerA, HttpMethod.Post, $"/api/complaints/{id}/accept", AccessHost.Json("""{"acceptedOn":"2026-11-21"}"""), From);

        Assert.Equal(403, accept.Status);
        Assert.Equal(Phrase("problem.aChangeMustComeFromThisSite"), accept.Detail);
        Assert.Equal(state, await host.CaseStateAsync(id));

        // The same request from the host's own page is his to make (the body was valid all along).
        var own = await host.SendAsync(Who.OfficerA, HttpMethod.Post, $"/api/complaints/{id}/accept", AccessHost.Json("""{"acceptedOn":"2026-11-21"}"""));
        Assert.Equal(200, own.Status);
        Assert.Equal("2026-11-21", own.Json["acceptedOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cross_site_puts_and_deletes_of_an_administrator_are_refused_too_and_reads_are_not()
    {
        var signIn = $"matrix.kept-{Guid.NewGuid():N}@tinh.example";
        await host.PutPersonAsync(signIn, "Phạm Văn Giữ", ["leader"], []);
        var people = (await host.SendAsync(Who.MasterKey, HttpMethod.Get, "/api/people")).Body;
        void Evil(HttpRequestMessage r)
        {
            r.Headers.Remove("Origin");
            r.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        }

        var put = await host.SendAsync(Who.Administrator, HttpMethod.Put, "/api/people/" + signIn, AccessHost.Json("""{"name":"Kẻ gian","roles":["administrator"]}"""), Evil);
        var delete = await host.SendAsync(Who.Administrator, HttpMethod.Delete, "/api/people/" + signIn, change: Evil);
        // (A body the handler would refuse: were the gate to let it through, the answer would be 400, and the registry kept.)
        var units = await host.SendAsync(Who.OrganiserPerson, HttpMethod.Put, "/api/units", AccessHost.Json("\"not a list\""), Evil);

        Assert.Equal((403, 403, 403), (put.Status, delete.Status, units.Status));
        Assert.Equal(people, (await host.SendAsync(Who.MasterKey, HttpMethod.Get, "/api/people")).Body);
        // A cross-site read changes nothing and the browser keeps its answer from the other site (no CORS): not refused.
        Assert.Equal(200, (await host.SendAsync(Who.Administrator, HttpMethod.Get, "/api/people", change: Evil)).Status);
    }

    [Fact]
    public async Task The_development_sign_in_from_another_site_signs_no_one_in()
    {
        Assert.Null(await host.SignInAsync(AccessHost.SignInOf(Who.Administrator), origin: "https://evil.example"));
        Assert.Null(await host.SignInAsync(AccessHost.SignInOf(Who.Administrator), origin: "null"));
        Assert.Null(await host.SignInAsync("nobody.matrix@tinh.example"));
        Assert.NotNull(await host.SignInAsync(AccessHost.SignInOf(Who.Administrator)));
    }

    [Fact]
    public async Task A_forged_or_altered_sign_in_cookie_is_no_credential()
    {
        var real = await host.SignInAsync(AccessHost.SignInOf(Who.OfficerA)) ?? throw new InvalidOperationException("not signed in");
        var mac = real.Split('.')[1];
        var asAdministrator = Convert.ToBase64String(Encoding.UTF8.GetBytes(AccessHost.SignInOf(Who.Administrator))).TrimEnd('=') + "." + mac;
        foreach (var cookie in new[] { asAdministrator, real + "x", real[..^2], "e30.e30", new string('a', 5000) })
        {
            var me = await host.SendAsync(host.PersonCredential(cookie), HttpMethod.Get, "/api/me");
            Assert.True(me.Status == 401, $"cookie {cookie[..Math.Min(cookie.Length, 40)]}: {me}");
        }
    }

    [Fact]
    public async Task A_scripts_key_changes_without_Origin_and_a_key_of_the_wrong_role_is_refused_changing_nothing()
    {
        var id = await host.RegisterCaseAsync(AccessHost.UnitB);
        var state = await host.CaseStateAsync(id);

        // The reports key is a leader's: it reads the case, and may not act on it.
        Assert.Equal(200, (await host.SendAsync(Who.ReportsKey, HttpMethod.Get, $"/api/complaints/{id}")).Status);
        var refused = await host.SendAsync(Who.ReportsKey, HttpMethod.Post, $"/api/complaints/{id}/accept", AccessHost.Json("""{"acceptedOn":"2026-11-21"}"""));
        Assert.Equal(403, refused.Status);
        Assert.Equal(Phrase("problem.yourRolesDoNotAllowThis"), refused.Detail);
        Assert.Equal(state, await host.CaseStateAsync(id));
        var courses = (await host.SendAsync(Who.MasterKey, HttpMethod.Get, "/api/courses")).Body;
        var course = await host.SendAsync(Who.ReportsKey, HttpMethod.Post, "/api/courses", AccessHost.Json("{}"));
        Assert.Equal(403, course.Status);
        Assert.Equal(courses, (await host.SendAsync(Who.MasterKey, HttpMethod.Get, "/api/courses")).Body);

        // A key's change needs no Origin (scripts send none) and is not refused for one from elsewhere either.
        var accepted = await host.SendAsync(Who.OrganiserKey, HttpMethod.Post, $"/api/complaints/{id}/accept", AccessHost.Json("""{"acceptedOn":"2026-11-21"}"""),
            r => Assert.False(r.Headers.Contains("Origin")));
        Assert.Equal(200, accepted.Status);
        var withdrawn = await host.SendAsync(Who.OrganiserKey, HttpMethod.Post, $"/api/complaints/{id}/withdraw", AccessHost.Json("""{"withdrawnOn":"2026-11-22"}"""),
            r => r.Headers.TryAddWithoutValidation("Origin", "https://evil.example"));
        Assert.Equal(200, withdrawn.Status);
    }

    /// <summary>Null when the answer is the one the matrix expects, else what differs.</summary>
    private static string? Judge(MatrixRow row, Who who, Reply answer)
    {
        if (!row.Allowed.HasFlag(who))
        {
            var (status, detail) = who switch
            {
                Who.NoSignIn => (401, Phrase("problem.signInOrSendAKey")),
                Who.RemovedPerson => (403, Phrase("problem.youAreNotAmongThePeopleAsk").Replace("{{ administrators }}", "quantri.goc@tinh.example, bantochuc.goc@tinh.example", StringComparison.Ordinal)),
                _ => (403, Phrase("problem.yourRolesDoNotAllowThis")),
            };
            return answer.Status == status && answer.Detail == detail ? null : $"expected the gate's {status} \"{detail}\", got {answer}";
        }

        if (row.Hidden.HasFlag(who))
        {
            return answer.Status == 404 ? null : $"expected 404 (another unit's case, as if absent), got {answer}";
        }

        return row.AllowsStatus(answer.Status) ? null : $"expected {row.Statuses} (admitted), got {answer}";
    }

    private static string Phrase(string key) => English.Value[key];

    private static string Principal(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private async Task<HashSet<string>> CaseIdsAsync(Action<HttpRequestMessage> credential, string query)
    {
        var list = await host.SendAsync(credential, HttpMethod.Get, "/api/complaints" + query);
        Assert.True(list.Status == 200, $"GET /api/complaints{query}: {list}");
        return [.. list.Json.AsArray().Select(c => c!["id"]!.GetValue<string>())];
    }

    /// <summary>What a refused or harmless request must leave as it was: the fixture's course and cases, the people, the units.</summary>
    private async Task<string> StateAsync()
    {
        var text = new StringBuilder();
        foreach (var path in new[] { $"/api/courses/{host.Course}", $"/api/courses/{host.Course}/invitees", $"/api/complaints/{host.CaseA}", $"/api/complaints/{host.CaseB}", "/api/people", "/api/units" })
        {
            var got = await host.SendAsync(Who.MasterKey, HttpMethod.Get, path);
            text.Append(path).Append(" => ").Append(got.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').AppendLine(got.Body);
        }

        return text.ToString();
    }

    /// <summary>The local host's routes as it maps them in Development (the development sign-in included).</summary>
    private static async Task<List<(string Name, string Pattern, IReadOnlyList<string> Methods)>> RoutesAsync()
    {
        await using var app = LocalHostApp.Build(
        [
            "--environment=Development", "--Workflow:OrganiserApiKey=k", "--Workflow:MasterKey=m", "--Workflow:Links:ActiveKeyId=t",
            "--Workflow:Links:Keys:t=" + Convert.ToBase64String(new byte[32]),
        ]);
        return [.. ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => (
                e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "(unnamed " + e.RoutePattern.RawText + ")",
                e.RoutePattern.RawText!.TrimStart('/'),
                (IReadOnlyList<string>)[.. (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m.ToUpperInvariant())]))];
    }

    /// <summary>The Functions app's HTTP functions, from the functions.metadata its SDK generates at build.</summary>
    private static List<string> FunctionNames()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Find(), "Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .Select(f => f.GetProperty("name").GetString()!)];
    }

    private static Regex Template(string pattern) =>
        new("^" + RouteParameter().Replace(Regex.Escape(pattern).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\{[^}]+\}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteParameter();
}
