using System.Security.Cryptography;
using System.Text.Json;
using FestivalPos.Clustering.Tls;

namespace FestivalPos.AppHost;

/// <summary>Generated client secrets, written once as indented JSON readable by the owner only, and read back at every later start.</summary>
public static class KeptCredentials
{
    public static T ReadOrCreate<T>(string path, Func<Func<string>, T> generate)
    {
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty.");
        }

        var generated = generate(NewSecret);
        OwnerOnlyFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(generated, new JsonSerializerOptions { WriteIndented = true }));
        return generated;
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
