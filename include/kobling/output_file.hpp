// kobling/output_file.hpp — writing a result so that nothing is lost.
//
// A result file holds personal data and often sits next to the kick-off it
// came from. write_output_file() is the one routine the CLI (--out) and Python
// (KickoffResult.save) use to write one, with these rules:
//
//  * "-" is standard output. A write error there (a full disk, a closed
//    descriptor) is an error like any other.
//  * The output is never one of the inputs: each path in `inputs` is compared
//    by identity (device and inode), so "./k.json", "/abs/k.json" and a hard
//    link to it are the same file. A directory among the inputs (a CSV
//    kick-off) protects its features.csv, companies.csv and candidates.csv,
//    present or not: a result written there would be read back as input.
//  * The target must be a regular file or a new path; a directory, device,
//    FIFO or socket is refused (nothing is written). A symbolic link is
//    followed: the file it points to is replaced and the link stays, except
//    another user's link in a sticky, world-writable directory such as /tmp,
//    which is refused as the kernel's protected_symlinks rule would.
//  * The file is replaced, not rewritten: the target's directory must be
//    writable, and another hard link to the old file keeps the old content.
//  * The text goes to a new temporary file in the target's directory, named
//    ".<name>.<host>.<pid>.<random>.kobling-tmp" and created exclusively (O_EXCL,
//    O_NOFOLLOW: a planted file or link at that name makes the call fail, never
//    redirects it), written in full, flushed to disk (fsync), given the old
//    file's mode and owner where it replaces one (new files get 0600: results
//    hold personal data), and renamed over the target. The rename is atomic:
//    readers see the old file or the new one, and concurrent writers of one
//    target all succeed, the last rename winning.
//  * On any error, and on SIGINT or SIGTERM in the kobling CLI, the temporary
//    file is removed. A writer killed outright (SIGKILL) leaves its temporary
//    file; the next write to the same target from the same host removes such
//    leftovers of processes that no longer exist, once they are a minute old.
//
// Errors: InvalidArgument("kobling.io.output_is_input"),
// InvalidArgument("kobling.io.not_a_file") and
// InvalidArgument("kobling.io.unsafe_link") for refused targets, and
// FileError("kobling.io.write") naming the path and the system's reason.
// Thread safety: reentrant; concurrent calls may target the same path.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

namespace kobling {

struct OutputOptions {
  /// Files (or CSV kick-off folders) the output must not replace.
  std::vector<std::filesystem::path> inputs;
};

/// Writes `text` to `target` ("-" = standard output) as described above.
void write_output_file(const std::filesystem::path& target, std::string_view text,
                       const OutputOptions& options = {});

/// Removes the temporary files this process is writing now. Async-signal-safe:
/// a SIGINT/SIGTERM handler may call it before the process ends (the CLI does).
void remove_pending_output_files() noexcept;

}  // namespace kobling
