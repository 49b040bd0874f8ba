using System.IO.Compression;
using System.Text;
using Azure.Storage.Blobs;
using Workflow.Courses;
using Workflow.Courses.FollowUp;
using static Workflow.UnitTests.Courses.Certificates.CertificateTestData;

namespace Workflow.UnitTests.Courses.FollowUp;

/// <summary>The reports' ZIP: one folder per unit, files named by person, safe names, no two alike.</summary>
public sealed class ReportArchiveTests
{
    [Theory]
    [InlineData("Nguyễn Thị Hằng", "Nguyễn Thị Hằng")]
    [InlineData("../../etc/passwd", "_.._etc_passwd")]
    [InlineData("Sở Nội vụ / Phòng 1", "Sở Nội vụ _ Phòng 1")]
    [InlineData("a:b*c?d\"e<f>g|h\\i", "a_b_c_d_e_f_g_h_i")]
    [InlineData("  ..Tên.. ", "Tên")]
    [InlineData("CON", "_CON")]
    [InlineData("com1.txt", "_com1.txt")]
    [InlineData("Lê\u202EVăn", "Lê_Văn")]
    [InlineData("", "fallback")]
    [InlineData("...", "fallback")]
    public void Names_are_safe_for_every_unzip_tool(string name, string safe) =>
        Assert.Equal(safe, ReportArchive.SafeName(name, "fallback"));

    [Fact]
    public void Decomposed_diacritics_become_composed_and_long_names_are_cut_without_splitting_a_pair()
    {
        Assert.Equal("Nguyễn", ReportArchive.SafeName("Nguye\u0302\u0303n", "x"));
        Assert.Equal(ReportArchive.MaxNameLength, ReportArchive.SafeName(new string('ằ', 200), "x").Length);
        var emoji = new string('a', ReportArchive.MaxNameLength - 1) + "😀";
        Assert.Equal(new string('a', ReportArchive.MaxNameLength - 1), ReportArchive.SafeName(emoji, "x"));
    }

    [Fact]
    public void One_folder_per_unit_text_as_txt_the_file_with_its_extension_and_same_names_numbered()
    {
        var file = new ReportFile("bai thu hoach.pdf", "application/pdf", 10, "c0ffee0000000009/abc.pdf");
        var entries = ReportArchive.Entries(
        [
            Person("a1", "Lê Văn An", "Sở Nội vụ") with { Report = new LearningReport("Nội dung", FirstStart, file) },
            Person("a2", "Lê Văn An", "Sở Nội vụ") with { Report = new LearningReport(string.Empty, FirstStart, file with { Blob = "c0ffee0000000009/def.docx" }) },
            Person("b1", "Trần Thị Ánh", null),
            Person("c1", "Đỗ Văn Cường", "Sở Tư pháp", report: false),
        ], "Không có đơn vị");

        Assert.Equal(
            ["Không có đơn vị/Trần Thị Ánh.txt", "Sở Nội vụ/Lê Văn An.txt", "Sở Nội vụ/Lê Văn An.pdf", "Sở Nội vụ/Lê Văn An (2).docx"],
            entries.Select(e => e.Path));
        Assert.Equal("Nội dung", entries[2 - 1].Text);
        Assert.Equal("c0ffee0000000009/abc.pdf", entries[2].Blob);
    }

    [Fact]
    public async Task The_archive_is_written_with_asynchronous_writes_only_to_a_stream_that_cannot_seek()
    {
        var entries = ReportArchive.Entries(
            [Person("a1", "Lê Văn An", "Sở Nội vụ") with { Report = new LearningReport("Nội dung có dấu", FirstStart) }, Person("b1", "Trần Thị Ánh", "Sở Tư pháp")],
            "Không có đơn vị");
        var output = new AsyncOnlyStream();
        await ReportArchive.WriteAsync(output, entries, new ReportFileStore(new BlobServiceClient("UseDevelopmentStorage=true")), CancellationToken.None);

        using var zip = new ZipArchive(new MemoryStream(output.Bytes.ToArray()), ZipArchiveMode.Read);
        Assert.Equal(["Sở Nội vụ/Lê Văn An.txt", "Sở Tư pháp/Trần Thị Ánh.txt"], zip.Entries.Select(e => e.FullName));
        using var reader = new StreamReader(zip.Entries[0].Open(), Encoding.UTF8);
        Assert.Equal("Nội dung có dấu", await reader.ReadToEndAsync());
    }

    /// <summary>As a host's response body: no seeking, and a synchronous write throws.</summary>
    private sealed class AsyncOnlyStream : Stream
    {
        public MemoryStream Bytes { get; } = new();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Bytes.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Bytes.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
