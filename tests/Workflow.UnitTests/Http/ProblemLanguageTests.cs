using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Courses;
using Workflow.Http;
using Workflow.Templates;

namespace Workflow.UnitTests.Http;

/// <summary>A problem answer is written once, in its reader's language: Vietnamese unless Accept-Language prefers English.</summary>
public sealed class ProblemLanguageTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().AddSingleton<TemplateRenderer>().BuildServiceProvider();

    /// <summary>As the local host composes it: the framework's problems put into words by <see cref="Problems.InReaderWords"/>.</summary>
    private static readonly IServiceProvider Framed = new ServiceCollection().AddLogging()
        .AddProblemDetails(o => o.CustomizeProblemDetails = Problems.InReaderWords).AddSingleton<TemplateRenderer>().BuildServiceProvider();

    [Theory]
    [InlineData(null, "vi")]
    [InlineData("", "vi")]
    [InlineData("vi-VN,vi;q=0.9,en;q=0.8", "vi")]
    [InlineData("en", "en")]
    [InlineData("en-GB,en;q=0.9", "en")]
    [InlineData("vi;q=0.5, en;q=0.8", "en")]
    [InlineData("fr-FR, de", "vi")]
    [InlineData("en;q=0, vi", "vi")]
    [InlineData("not a header ;;;", "vi")]
    public void The_reader_s_language_comes_from_Accept_Language(string? header, string expected)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.AcceptLanguage = header;
        }

        Assert.Equal(expected, ReaderLanguage.Of(context.Request));
    }

    [Fact]
    public async Task A_validation_problem_is_in_one_language_and_says_which()
    {
        var problem = Problems.Validation("title", Phrase.Of("error.aTitleIsRequired"));

        var (vi, viLanguage) = await AnswerAsync(problem, null);
        Assert.Equal("Yêu cầu không hợp lệ", vi["title"]!.GetValue<string>());
        Assert.Equal("Cần nhập tên khóa học", vi["errors"]!["title"]![0]!.GetValue<string>());
        Assert.Equal("vi", viLanguage);

        var (en, enLanguage) = await AnswerAsync(problem, "en-US,en;q=0.9");
        Assert.Equal("The request is not valid.", en["title"]!.GetValue<string>());
        Assert.Equal("A title is required.", en["errors"]!["title"]![0]!.GetValue<string>());
        Assert.Equal("en", enLanguage);
    }

    [Fact]
    public async Task A_conflict_s_detail_is_a_phrase_with_its_arguments()
    {
        var problem = Problems.Conflict(Phrase.Of("error.courseAlreadyStarted", ("phase", CoursePhases.Named(CoursePhase.Inviting))));

        var (body, _) = await AnswerAsync(problem, "en");
        Assert.Equal(409, body["status"]!.GetValue<int>());
        Assert.Equal("The course has already been started (phase “Inviting”).", body["detail"]!.GetValue<string>());

        var (vi, _) = await AnswerAsync(problem, null);
        Assert.Equal("Khóa học đã được bắt đầu (giai đoạn “Đang mời”)", vi["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_key_is_told_in_the_reader_s_language()
    {
        var refused = Problems.Unauthorized(Phrase.Of("problem.signInOrSendAKey"));
        var (vi, viLanguage) = await AnswerAsync(refused, null);
        Assert.Equal(401, vi["status"]!.GetValue<int>());
        Assert.Equal("Cần đăng nhập", vi["title"]!.GetValue<string>());
        Assert.Equal("Hãy đăng nhập, hoặc gửi khóa của chương trình trong x-functions-key", vi["detail"]!.GetValue<string>());
        Assert.Equal("vi", viLanguage);

        var (en, _) = await AnswerAsync(refused, "en");
        Assert.Equal("Sign-in needed", en["title"]!.GetValue<string>());
        Assert.Equal("Sign in, or send a script's key in x-functions-key.", en["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(500, null, "Máy chủ gặp lỗi", "Yêu cầu chưa được thực hiện. Vui lòng thử lại sau; nếu lỗi còn lặp lại, hãy báo cho người quản trị hệ thống.")]
    [InlineData(500, "en", "The server ran into a fault.", "The request was not carried out. Please try again later; if it keeps failing, tell the system's operator.")]
    [InlineData(404, null, "Không tìm thấy", "Không có địa chỉ này")]
    [InlineData(405, "en", "This method is not allowed here.", null)]
    [InlineData(409, null, "Không xử lý được yêu cầu", null)]
    public async Task A_problem_the_framework_writes_is_put_in_the_reader_s_words(int status, string? acceptLanguage, string title, string? detail)
    {
        var context = new DefaultHttpContext { RequestServices = Framed };
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        context.Response.StatusCode = status;
        context.Response.Body = new MemoryStream();
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Detail = "System.Exception: rule set 'x' is unknown" };
        await Framed.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });

        context.Response.Body.Position = 0;
        var body = JsonNode.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync())!.AsObject();
        Assert.Equal(title, body["title"]!.GetValue<string>());
        Assert.Equal(detail, body["detail"]?.GetValue<string>());
        Assert.Equal(acceptLanguage ?? "vi", context.Response.Headers.ContentLanguage.ToString());
    }

    [Fact]
    public async Task A_problem_written_here_keeps_its_words_where_the_framework_s_are_replaced()
    {
        var context = new DefaultHttpContext { RequestServices = Framed };
        context.Response.Body = new MemoryStream();
        await Problems.Conflict(Phrase.Of("error.theCourseIsAlreadyCancelled")).ExecuteAsync(context);

        context.Response.Body.Position = 0;
        var body = JsonNode.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync())!.AsObject();
        Assert.Equal("Không thực hiện được ở trạng thái hiện tại", body["title"]!.GetValue<string>());
        Assert.Equal("Khóa học đã bị hủy", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public void Both_tables_hold_the_same_keys_and_every_phrase_renders_in_both()
    {
        var words = new TemplateRenderer();
        var vi = words.Strings("vi");
        var en = words.Strings("en");
        Assert.Equal(vi.Keys.Order(StringComparer.Ordinal), en.Keys.Order(StringComparer.Ordinal));
        foreach (var key in vi.Keys.Where(k => k.StartsWith("error.", StringComparison.Ordinal) || k.StartsWith("problem.", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(" / ", vi[key], StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(words.Render(Phrase.Of(key), "vi")), key);
            Assert.False(string.IsNullOrWhiteSpace(words.Render(Phrase.Of(key), "en")), key);
        }
    }

    private static async Task<(JsonObject Body, string Language)> AnswerAsync(IResult result, string? acceptLanguage)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (JsonNode.Parse(text)!.AsObject(), context.Response.Headers.ContentLanguage.ToString());
    }
}
