using System.IO.Compression;

namespace Workflow.Courses.FollowUp;

/// <summary>One file of the reports' ZIP: its path (<c>{unit}/{person}.pdf</c>), and the report's text or its stored blob.</summary>
public sealed record ArchiveEntry(string Path, string? Text, string? Blob);

/// <summary>
/// All learning reports of a course as one ZIP (<c>GET /api/courses/{id}/reports/archive</c>): one folder per unit (people
/// without a unit in the folder <c>grading.zip.noUnit</c>), in it each person's text as <c>{name}.txt</c> (UTF-8 with a
/// byte-order mark, so Notepad shows the diacritics) and his file as <c>{name}{extension}</c>. Names are the people's and
/// units' names as listed, made safe for every unzip tool (<see cref="SafeName"/>), kept in Unicode NFC (ZIP entries
/// carry UTF-8 names); two people of one unit with the same name become <c>{name}</c> and <c>{name} (2)</c>.
/// </summary>
public static class ReportArchive
{
    public const int MaxNameLength = 80;

    /// <summary>The entries of the archive, in unit then name order.</summary>
    public static IReadOnlyList<ArchiveEntry> Entries(IEnumerable<Invitee> invitees, string noUnit)
    {
        ArgumentNullException.ThrowIfNull(invitees);
        var culture = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);
        var entries = new List<ArchiveEntry>();
        var folders = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var invitee in invitees.Where(i => i.Report is not null).OrderBy(i => i.Unit ?? string.Empty, culture).ThenBy(i => i.Name, culture).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            var folder = SafeName(invitee.Unit, noUnit);
            if (!folders.TryGetValue(folder, out var taken))
            {
                taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                folders[folder] = taken;
            }

            var baseName = SafeName(invitee.Name, invitee.Id);
            var name = baseName;
            for (var n = 2; !taken.Add(name); n++)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{baseName} ({n})");
            }

            var report = invitee.Report!;
            if (!string.IsNullOrWhiteSpace(report.Text))
            {
                entries.Add(new ArchiveEntry($"{folder}/{name}.txt", report.Text, null));
            }

            if (report.File is { } file)
            {
                var extension = Path.GetExtension(file.Blob).ToLowerInvariant();
                entries.Add(new ArchiveEntry($"{folder}/{name}{(extension is { Length: > 1 and <= 6 } ? extension : ".bin")}", null, file.Blob));
            }
        }

        return entries;
    }

    /// <summary>
    /// A name as a ZIP folder or file name: Unicode NFC, no path separators, reserved characters (<c>\/:*?"&lt;&gt;|</c>)
    /// or control characters (each becomes <c>_</c>), no leading or trailing dots and spaces, no Windows device name, at most
    /// <see cref="MaxNameLength"/> characters (a surrogate pair is never cut); <paramref name="fallback"/> when nothing is left.
    /// </summary>
    public static string SafeName(string? name, string fallback)
    {
        var text = (name ?? string.Empty).Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ? '_' : c);
        }

        var safe = builder.ToString().Trim().Trim('.', ' ');
        if (safe.Length > MaxNameLength)
        {
            var cut = char.IsHighSurrogate(safe[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength;
            safe = safe[..cut].TrimEnd('.', ' ');
        }

        var stem = safe.Split('.')[0].ToUpperInvariant();
        if (stem is "CON" or "PRN" or "AUX" or "NUL" || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && char.IsAsciiDigit(stem[3])))
        {
            safe = "_" + safe;
        }

        return safe.Length == 0 ? SafeName(fallback, "_") : safe;
    }

    /// <summary>
    /// Writes the archive to <paramref name="output"/>, streamed: each entry is compressed into a small buffer that is then
    /// sent asynchronously (hosts refuse synchronous writes to a response), so memory holds one report file at most.
    /// </summary>
    public static async Task WriteAsync(Stream output, IReadOnlyList<ArchiveEntry> entries, ReportFileStore files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(files);
        using var buffer = new DrainStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8))
        {
            foreach (var entry in entries)
            {
                var bytes = entry.Blob is null
                    ? [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(entry.Text ?? string.Empty)]
                    : await files.ReadAsync(entry.Blob, cancellationToken) ?? [];
                var item = zip.CreateEntry(entry.Path, entry.Blob is null ? CompressionLevel.Optimal : CompressionLevel.Fastest);
                using (var stream = item.Open())
                {
                    stream.Write(bytes);
                }

                await buffer.DrainToAsync(output, cancellationToken);
            }
        }

        await buffer.DrainToAsync(output, cancellationToken);
    }

    /// <summary>A write-only, unseekable stream whose bytes are taken out by <see cref="DrainToAsync"/> (the ZIP writer never seeks back on it).</summary>
    private sealed class DrainStream : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _pending.Write(buffer, offset, count);
            _written += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _pending.Write(buffer);
            _written += buffer.Length;
        }

        public override void Flush()
        {
        }

        public async Task DrainToAsync(Stream output, CancellationToken cancellationToken)
        {
            if (_pending.Length > 0)
            {
                await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
                await output.FlushAsync(cancellationToken);
                _pending.SetLength(0);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _pending.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
