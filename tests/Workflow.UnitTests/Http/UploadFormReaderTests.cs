using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Workflow.Http;

namespace Workflow.UnitTests.Http;

/// <summary>The report page's own form reader: one file within its limit, text fields within theirs, 413 beyond (announced or
/// not), and nothing read past a limit.</summary>
public sealed class UploadFormReaderTests
{
    private static readonly UploadLimits Limits = new("file", 1000, 200, 4);

    private static async Task<HttpRequest> Multipart(MultipartFormDataContent content, bool announceLength = true)
    {
        var bytes = await content.ReadAsByteArrayAsync();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentType = content.Headers.ContentType!.ToString();
        context.Request.ContentLength = announceLength ? bytes.Length : null;
        return context.Request;
    }

    private static MultipartFormDataContent Form(string report, byte[]? file, string fileName = "bai.pdf")
    {
        var content = new MultipartFormDataContent("----boundary7MA4YWxkTrZu0gW")
        {
            { new StringContent("report"), "answer" },
            { new StringContent(report, Encoding.UTF8), "report" },
        };
        var part = new ByteArrayContent(file ?? []);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(part, "file", file is null ? "\"\"" : fileName);
        return content;
    }

    [Fact]
    public async Task A_form_with_text_and_a_file_within_the_limits_is_read_whole()
    {
        var (form, status) = await UploadFormReader.ReadAsync(await Multipart(Form("Bài thu hoạch\r\ncó dấu", new byte[1000])), Limits, CancellationToken.None);

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("report", form!["answer"]);
        Assert.Equal("Bài thu hoạch\r\ncó dấu", form["report"]);
        Assert.Equal("bai.pdf", form.File!.FileName);
        Assert.Equal(1000, form.File.Content.Length);
        Assert.Equal(string.Empty, form["missing"]);
    }

    [Fact]
    public async Task An_empty_file_input_is_no_file()
    {
        var (form, _) = await UploadFormReader.ReadAsync(await Multipart(Form("Bài", null)), Limits, CancellationToken.None);
        Assert.Null(form!.File);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_one_byte_over_its_limit_is_413_announced_or_not(bool announce)
    {
        var (form, status) = await UploadFormReader.ReadAsync(await Multipart(Form("Bài", new byte[1001]), announce), Limits, CancellationToken.None);
        Assert.Null(form);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
    }

    [Fact]
    public async Task A_text_field_over_its_limit_or_too_many_fields_is_413()
    {
        var (_, longText) = await UploadFormReader.ReadAsync(await Multipart(Form(new string('a', 201), null), announceLength: false), Limits, CancellationToken.None);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, longText);

        var many = Form("Bài", null);
        for (var i = 0; i < 5; i++)
        {
            many.Add(new StringContent("x"), "extra" + i);
        }

        var (_, tooMany) = await UploadFormReader.ReadAsync(await Multipart(many, announceLength: false), Limits, CancellationToken.None);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, tooMany);
    }

    [Fact]
    public async Task A_declared_length_over_the_total_is_refused_before_reading()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "multipart/form-data; boundary=x";
        context.Request.ContentLength = 10_000_000;
        context.Request.Body = new ThrowingStream();
        var (_, status) = await UploadFormReader.ReadAsync(context.Request, Limits, CancellationToken.None);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
    }

    [Fact]
    public async Task A_second_file_a_file_in_another_field_or_not_a_form_is_refused()
    {
        var two = Form("Bài", new byte[10]);
        two.Add(new ByteArrayContent(new byte[10]), "file", "b.pdf");
        Assert.Equal(StatusCodes.Status400BadRequest, (await UploadFormReader.ReadAsync(await Multipart(two), Limits, CancellationToken.None)).Status);

        var other = Form("Bài", null);
        other.Add(new ByteArrayContent(new byte[10]), "report2", "b.pdf");
        Assert.Equal(StatusCodes.Status400BadRequest, (await UploadFormReader.ReadAsync(await Multipart(other), Limits, CancellationToken.None)).Status);

        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream("{}"u8.ToArray());
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, (await UploadFormReader.ReadAsync(context.Request, Limits, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_url_encoded_form_without_a_file_is_read_too()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream("answer=report&report=B%C3%A0i+thu+ho%E1%BA%A1ch"u8.ToArray());
        var (form, status) = await UploadFormReader.ReadAsync(context.Request, Limits, CancellationToken.None);
        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("Bài thu hoạch", form!["report"]);
        Assert.Null(form.File);
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new InvalidOperationException("The body must not be read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("The body must not be read.");
    }
}
