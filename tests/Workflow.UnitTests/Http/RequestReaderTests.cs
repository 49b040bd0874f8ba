using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Complaints.Cases;
using Workflow.Courses;
using Workflow.Http;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Http;

/// <summary>The one request reader: limits, shape errors by JSON path in plain words, no .NET names in any answer.</summary>
public sealed class RequestReaderTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    private static HttpRequest Request(byte[] body, string? contentType = "application/json", bool announceLength = true)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentType = contentType;
        context.Request.ContentLength = announceLength ? body.Length : null;
        return context.Request;
    }

    /// <summary>The answer as an English reader gets it (<c>Accept-Language: en</c>): the assertions read its English words.</summary>
    private static async Task<(int Status, JsonObject Body)> Answer(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Headers.AcceptLanguage = "en";
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Workflow.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be converted", text, StringComparison.Ordinal);
        return (context.Response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    private static Task<(int Status, JsonObject Body)> Course(string json) => Course(Encoding.UTF8.GetBytes(json));

    private static async Task<(int Status, JsonObject Body)> Course(byte[] json)
    {
        var (value, problem) = await RequestReader.ReadJsonAsync<CourseDefinition>(Request(json), CancellationToken.None);
        Assert.Null(value);
        return await Answer(problem!);
    }

    private static string[] Fields(JsonObject problem) => [.. problem["errors"]!.AsObject().Select(p => p.Key)];

    private static string Message(JsonObject problem, string field) => string.Join(" ", problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));

    [Theory]
    [InlineData("""{"title": 5}""", "title", "Text")]
    [InlineData("""{"title": ["a"]}""", "title", "Text")]
    [InlineData("""{"capacity": "120"}""", "capacity", "whole number")]
    [InlineData("""{"capacity": 1.5}""", "capacity", "whole number")]
    [InlineData("""{"sessions": {"start": "x"}}""", "sessions", "list")]
    [InlineData("""{"sessions": [{"start": "2027-05-13T14:00:00", "end": "2027-05-13T17:00:00+07:00"}]}""", "sessions[0].start", "+07:00")]
    [InlineData("""{"rsvpDeadline": "2026-12-21T01:30:33"}""", "rsvpDeadline", "offset is missing")]
    [InlineData("""{"rsvpDeadline": "13/05/2027"}""", "rsvpDeadline", "UTC offset")]
    [InlineData("""{"rsvpDeadline": "9999-12-31T23:59:59-01:00"}""", "rsvpDeadline", "UTC offset")]
    [InlineData("""{"reminders": {"beforeRsvpDeadline": "P3D"}}""", "reminders.beforeRsvpDeadline", "list")]
    [InlineData("""{"reminders": {"beforeRsvpDeadline": [3]}}""", "reminders.beforeRsvpDeadline[0]", "Text")]
    [InlineData("""{"followUp": {"reportRequired": "yes"}}""", "followUp.reportRequired", "true or false")]
    [InlineData("""{"titel": "Lớp"}""", "titel", "Unknown field")]
    public async Task A_wrong_shape_is_a_400_naming_the_field_and_what_is_expected(string json, string field, string expected)
    {
        var (status, problem) = await Course(json);

        Assert.Equal(400, status);
        Assert.Equal([field], Fields(problem));
        Assert.Contains(expected, Message(problem, field), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_mistake_of_a_body_is_named_at_once()
    {
        var (_, problem) = await Course("""{"title": 1, "venue": true, "sessions": [{"start": "2027-05-13T14:00", "end": 3}], "language": 7}""");

        Assert.Equal(["language", "sessions[0].end", "sessions[0].start", "title", "venue"], Fields(problem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rows_of_an_array_are_named_by_index()
    {
        var (_, problem) = await RequestReader.ReadJsonAsync<List<InviteeInput?>>(
            Request("""[{"name": "An", "email": "an@example.vn"}, {"name": "Bình", "email": 5}]"""u8.ToArray()), CancellationToken.None);

        var (status, body) = await Answer(problem!);
        Assert.Equal(400, status);
        Assert.Equal(["[1].email"], Fields(body));
    }

    [Fact]
    public async Task Enums_are_named_with_their_values()
    {
        var (_, problem) = await RequestReader.ReadJsonAsync<RegisterCaseRequest>(Request("""{"kind": "complaint"}"""u8.ToArray()), CancellationToken.None);

        var (_, body) = await Answer(problem!);
        Assert.Contains("firstComplaint, secondComplaint, denunciation, petition", Message(body, "kind"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"title": "a\u0000b"}""", "title")]
    [InlineData("""{"title": "a\u001bb"}""", "title")]
    [InlineData("""{"title": "\ud800"}""", "title")]
    [InlineData("""{"presenters": ["ok", "\udc00x"]}""", "presenters[1]")]
    public async Task Control_characters_and_broken_unicode_are_refused_by_field(string json, string field)
    {
        var (status, problem) = await Course(json);

        Assert.Equal(400, status);
        Assert.Equal([field], Fields(problem));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"title\": ")]
    [InlineData("not json")]
    [InlineData("{\"a\":1}{\"b\":2}")]
    public async Task Malformed_json_is_a_400_on_the_body_without_quoting_it(string json)
    {
        var (status, problem) = await Course(json);

        Assert.Equal(400, status);
        Assert.Equal(["body"], Fields(problem));
        Assert.DoesNotContain("not json", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deep_nesting_is_refused_without_walking_it()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);

        var (status, problem) = await Course(json);

        Assert.Equal(400, status);
        Assert.Contains("16", Message(problem, "body"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_utf16_json_body_is_refused_as_not_utf8()
    {
        var (status, problem) = await Course([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"title\": \"Lớp\"}")]);

        Assert.Equal(400, status);
        Assert.Equal(["body"], Fields(problem));
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413_whether_its_length_is_announced_or_not()
    {
        var big = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("\"xxxxxxxxxxxxxxxx\"", 60_000)) + "]");
        Assert.True(big.Length > RequestReader.MaxBodyBytes);

        var (_, announced) = await RequestReader.ReadJsonAsync<List<string>>(Request(big), CancellationToken.None);
        var (_, chunked) = await RequestReader.ReadJsonAsync<List<string>>(Request(big, announceLength: false), CancellationToken.None);
        var (_, exact) = await RequestReader.ReadBodyAsync(Request(new byte[RequestReader.MaxBodyBytes]), CancellationToken.None);

        Assert.Equal(413, (await Answer(announced!)).Status);
        Assert.Equal(413, (await Answer(chunked!)).Status);
        Assert.Null(exact);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_body_that_is_not_json_is_415(string contentType)
    {
        var (_, problem) = await RequestReader.ReadJsonAsync<CourseDefinition>(Request("{}"u8.ToArray(), contentType), CancellationToken.None);

        Assert.Equal(415, (await Answer(problem!)).Status);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)',', (byte)'b' }, "a,b")]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'a', 0, (byte)',', 0, (byte)'b', 0 }, "a,b")]
    public async Task Csv_text_is_utf8_or_utf16_with_its_bom(byte[] body, string text)
    {
        var (read, problem) = await RequestReader.ReadTextAsync(Request(body, "text/csv"), CancellationToken.None);

        Assert.Null(problem);
        Assert.Equal(text, read);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28, (byte)'a' })]
    [InlineData(new byte[] { (byte)'n', (byte)'a', 0, (byte)'m', (byte)'e' })]
    public async Task Binary_or_broken_csv_is_a_400_on_the_body(byte[] body)
    {
        var (read, problem) = await RequestReader.ReadTextAsync(Request(body, "text/csv"), CancellationToken.None);

        Assert.Null(read);
        var (status, answer) = await Answer(problem!);
        Assert.Equal(400, status);
        Assert.Equal(["body"], Fields(answer));
    }

    [Theory]
    [InlineData("a1b2c3d4e5f60718", true)]
    [InlineData("course-1", true)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("a#b", false)]
    [InlineData("a?b", false)]
    [InlineData("a\u0001b", false)]
    [InlineData("ab cd", false)]
    [InlineData("ấn", false)]
    public void Ids_are_checked_before_storage(string id, bool valid)
    {
        Assert.Equal(valid, ResourceIds.IsValid(id));
        Assert.False(ResourceIds.IsValid(new string('a', ResourceIds.MaxLength + 1)));
    }

    [Fact]
    public void Every_request_record_has_words_for_each_field_type()
    {
        foreach (var type in new[] { typeof(CourseDefinition), typeof(RegisterCaseRequest), typeof(AcceptRequest), typeof(ExtendRequest), typeof(ResolveRequest), typeof(WithdrawRequest), typeof(InviteeInput) })
        {
            foreach (var property in WorkflowJson.Options.GetTypeInfo(type).Properties)
            {
                Assert.DoesNotContain("Not a valid value here", JsonShape.Expected(property.PropertyType).En(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Json_paths_become_field_names()
    {
        Assert.Equal("sessions[0].start", JsonShape.Field("$.sessions[0].start"));
        Assert.Equal("[3].email", JsonShape.Field("$[3].email"));
        Assert.Equal("body", JsonShape.Field("$"));
        _ = JsonSerializer.Serialize(1);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(null, false)]
    [InlineData("application/json", false)]
    [InlineData("application/json; charset=utf-8", true)]
    public async Task An_optional_body_is_read_whatever_the_length_header_says(string? contentType, bool announceLength)
    {
        var body = Encoding.UTF8.GetBytes("""{"inviteeIds":["0123456789abcdef"]}""");
        var (value, problem) = await RequestReader.ReadOptionalJsonAsync<RemindBody>(Request(body, contentType, announceLength), CancellationToken.None);
        Assert.Null(problem);
        Assert.Equal(["0123456789abcdef"], value!.InviteeIds!);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("  \r\n", null)]
    [InlineData("", "text/plain")]
    [InlineData("\uFEFF", "application/json")]
    public async Task An_empty_optional_body_is_no_body(string text, string? contentType)
    {
        var (value, problem) = await RequestReader.ReadOptionalJsonAsync<RemindBody>(Request(Encoding.UTF8.GetBytes(text), contentType, announceLength: false), CancellationToken.None);
        Assert.Null(problem);
        Assert.Null(value);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "inviteeIds=0123456789abcdef")]
    [InlineData("text/plain", """{"inviteeIds":["0123456789abcdef"]}""")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\n")]
    public async Task An_optional_body_that_is_not_json_is_refused_with_415(string contentType, string text)
    {
        var (value, problem) = await RequestReader.ReadOptionalJsonAsync<RemindBody>(Request(Encoding.UTF8.GetBytes(text), contentType, announceLength: false), CancellationToken.None);
        Assert.Null(value);
        var (status, answer) = await Answer(problem!);
        Assert.Equal(415, status);
        Assert.Contains("application/json", answer["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_optional_body_with_a_wrong_shape_names_its_field()
    {
        var (_, problem) = await RequestReader.ReadOptionalJsonAsync<RemindBody>(Request("""{"inviteeIds":"all"}"""u8.ToArray(), null, announceLength: false), CancellationToken.None);
        var (status, answer) = await Answer(problem!);
        Assert.Equal(400, status);
        Assert.Equal(["inviteeIds"], Fields(answer));
    }

    [Theory]
    [InlineData(new string[0], null, true)]
    [InlineData(new[] { "nhac-1" }, "nhac-1", true)]
    [InlineData(new[] { "a/b" }, null, false)]
    [InlineData(new[] { "" }, null, false)]
    [InlineData(new[] { "nhac-1", "nhac-2" }, null, false)]
    public async Task The_idempotency_key_is_one_id_or_none(string[] values, string? key, bool valid)
    {
        var request = Request([], null);
        if (values.Length > 0)
        {
            request.Headers[RequestReader.IdempotencyHeader] = values;
        }

        var (read, problem) = RequestReader.ReadIdempotencyKey(request);
        Assert.Equal(key, read);
        Assert.Equal(valid, problem is null);
        if (problem is not null)
        {
            var (status, answer) = await Answer(problem);
            Assert.Equal(400, status);
            Assert.Equal([RequestReader.IdempotencyHeader], Fields(answer));
        }
    }
}
