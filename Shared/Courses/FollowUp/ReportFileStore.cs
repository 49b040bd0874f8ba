using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Workflow.Courses.FollowUp;

/// <summary>
/// Learning-report files in Blob Storage (container <see cref="Container"/>; Azurite locally, the same account as the tables in
/// Azure, through the managed identity). A blob's name is the course id and 128 random bits, so nobody can guess it from the
/// person; a corrected file is a new blob and the old one is deleted once the row points at the new one.
/// </summary>
public sealed class ReportFileStore(BlobServiceClient service)
{
    public const string Container = "learning-reports";

    private readonly BlobContainerClient _container = service.GetBlobContainerClient(Container);
    private volatile Task? _creating;

    /// <summary>Stores the file under a new random name and returns what the report row keeps of it.</summary>
    public async Task<ReportFile> SaveAsync(string courseId, CheckedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await EnsureAsync(cancellationToken);
        var name = courseId + "/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + file.Extension;
        await _container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(file.Content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            },
            cancellationToken);
        return new ReportFile(file.Name, file.ContentType, file.Content.Length, name);
    }

    /// <summary>Reads a stored file (the organiser reads a report's file); null when it is not there.</summary>
    public async Task<byte[]?> ReadAsync(string blob, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        try
        {
            var result = await _container.GetBlobClient(blob).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes a file no report points at any more (gone already is fine).</summary>
    public async Task DeleteAsync(string blob, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        await _container.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Creates the container once per process (again after a failed try); concurrent callers share the one call.</summary>
    private Task EnsureAsync(CancellationToken cancellationToken)
    {
        var creating = _creating;
        if (creating is null || creating.IsFaulted || creating.IsCanceled)
        {
            creating = _container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: CancellationToken.None);
            _creating = creating;
        }

        return creating.WaitAsync(cancellationToken);
    }
}
