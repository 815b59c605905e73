// The WASI preview 1 ABI vocabulary (typenames.witx): errno values, rights, flags, file types and
// the byte layouts of the structures host functions read and write in linear memory.
#pragma once

#include <cstdint>

namespace sable::wasi {

// `errno` of typenames.witx: what every WASI function returns (0 = success).
// clang-format off
enum class Errno : uint16_t {
  Success = 0, TooBig = 1, Acces = 2, AddrInUse = 3, AddrNotAvail = 4, AfNoSupport = 5,
  Again = 6, Already = 7, Badf = 8, BadMsg = 9, Busy = 10, Canceled = 11, Child = 12,
  ConnAborted = 13, ConnRefused = 14, ConnReset = 15, Deadlk = 16, DestAddrReq = 17, Dom = 18,
  Dquot = 19, Exist = 20, Fault = 21, Fbig = 22, HostUnreach = 23, Idrm = 24, Ilseq = 25,
  InProgress = 26, Intr = 27, Inval = 28, Io = 29, IsConn = 30, IsDir = 31, Loop = 32,
  Mfile = 33, Mlink = 34, MsgSize = 35, Multihop = 36, NameTooLong = 37, NetDown = 38,
  NetReset = 39, NetUnreach = 40, Nfile = 41, NoBufs = 42, NoDev = 43, NoEnt = 44, NoExec = 45,
  NoLck = 46, NoLink = 47, NoMem = 48, NoMsg = 49, NoProtoOpt = 50, NoSpc = 51, NoSys = 52,
  NotConn = 53, NotDir = 54, NotEmpty = 55, NotRecoverable = 56, NotSock = 57, NotSup = 58,
  NoTty = 59, Nxio = 60, Overflow = 61, OwnerDead = 62, Perm = 63, Pipe = 64, Proto = 65,
  ProtoNoSupport = 66, ProtoType = 67, Range = 68, Rofs = 69, Spipe = 70, Srch = 71, Stale = 72,
  TimedOut = 73, TxtBsy = 74, Xdev = 75, NotCapable = 76,
};
// clang-format on

// Maps a host errno (from a failed syscall) to the WASI errno the guest sees.
Errno errnoFromHost(int hostErrno);

// `filetype`.
// clang-format off
enum class FileType : uint8_t {
  Unknown = 0, BlockDevice = 1, CharacterDevice = 2, Directory = 3, RegularFile = 4,
  SocketDgram = 5, SocketStream = 6, SymbolicLink = 7,
};
// clang-format on

// `rights` bits.
namespace rights {
inline constexpr uint64_t kFdDatasync = 1ull << 0;
inline constexpr uint64_t kFdRead = 1ull << 1;
inline constexpr uint64_t kFdSeek = 1ull << 2;
inline constexpr uint64_t kFdFdstatSetFlags = 1ull << 3;
inline constexpr uint64_t kFdSync = 1ull << 4;
inline constexpr uint64_t kFdTell = 1ull << 5;
inline constexpr uint64_t kFdWrite = 1ull << 6;
inline constexpr uint64_t kFdAdvise = 1ull << 7;
inline constexpr uint64_t kFdAllocate = 1ull << 8;
inline constexpr uint64_t kPathCreateDirectory = 1ull << 9;
inline constexpr uint64_t kPathCreateFile = 1ull << 10;
inline constexpr uint64_t kPathLinkSource = 1ull << 11;
inline constexpr uint64_t kPathLinkTarget = 1ull << 12;
inline constexpr uint64_t kPathOpen = 1ull << 13;
inline constexpr uint64_t kFdReaddir = 1ull << 14;
inline constexpr uint64_t kPathReadlink = 1ull << 15;
inline constexpr uint64_t kPathRenameSource = 1ull << 16;
inline constexpr uint64_t kPathRenameTarget = 1ull << 17;
inline constexpr uint64_t kPathFilestatGet = 1ull << 18;
inline constexpr uint64_t kPathFilestatSetSize = 1ull << 19;
inline constexpr uint64_t kPathFilestatSetTimes = 1ull << 20;
inline constexpr uint64_t kFdFilestatGet = 1ull << 21;
inline constexpr uint64_t kFdFilestatSetSize = 1ull << 22;
inline constexpr uint64_t kFdFilestatSetTimes = 1ull << 23;
inline constexpr uint64_t kPathSymlink = 1ull << 24;
inline constexpr uint64_t kPathRemoveDirectory = 1ull << 25;
inline constexpr uint64_t kPathUnlinkFile = 1ull << 26;
inline constexpr uint64_t kPollFdReadwrite = 1ull << 27;
inline constexpr uint64_t kSockShutdown = 1ull << 28;
inline constexpr uint64_t kSockAccept = 1ull << 29;
inline constexpr uint64_t kAll = (1ull << 30) - 1;
// Rights a directory fd can meaningfully hold: the path_* family, readdir and metadata. File
// rights (read, write, seek, tell...) are never held by directories, which is how wasi-libc and
// the tests tell directories from files; a directory may still pass them on (inheriting rights)
// to files opened through it.
inline constexpr uint64_t kDirectoryBase =
    kFdFdstatSetFlags | kFdSync | kFdAdvise | kPathCreateDirectory | kPathCreateFile |
    kPathLinkSource | kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink | kPathRenameSource |
    kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize | kPathFilestatSetTimes |
    kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile |
    kPollFdReadwrite;
// Rights that make sense on an open file or stream.
inline constexpr uint64_t kFileBase =
    kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell | kFdWrite | kFdAdvise |
    kFdAllocate | kFdFilestatGet | kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
// Rights of the inherited stdio descriptors: streams, whatever the host put behind them. A file
// given as stdout must not be truncated, preallocated, sought, written at an offset (fd_pwrite
// needs kFdSeek) or have its times set by the guest.
inline constexpr uint64_t kStdinBase =
    kFdRead | kFdFdstatSetFlags | kFdFilestatGet | kPollFdReadwrite;
inline constexpr uint64_t kStdoutBase =
    kFdWrite | kFdFdstatSetFlags | kFdFilestatGet | kPollFdReadwrite;
}  // namespace rights

// `fdflags`.
inline constexpr uint16_t kFdflagAppend = 1, kFdflagDsync = 2, kFdflagNonblock = 4,
                          kFdflagRsync = 8, kFdflagSync = 16;
// `oflags`.
inline constexpr uint16_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;
// `lookupflags`.
inline constexpr uint32_t kLookupSymlinkFollow = 1;
// `fstflags`.
inline constexpr uint16_t kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8;
// `whence`.
inline constexpr uint8_t kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2;
// `eventtype`.
inline constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
// `subclockflags`.
inline constexpr uint16_t kSubclockAbstime = 1;

// Sizes of the structures in linear memory (field offsets are spelled where they are used).
inline constexpr uint32_t kSizeofIovec = 8;      // buf u32, len u32
inline constexpr uint32_t kSizeofFdstat = 24;    // filetype u8 @0, flags u16 @2, rights @8, @16
inline constexpr uint32_t kSizeofFilestat = 64;  // dev, ino, filetype @16, nlink, size, a/m/ctim
inline constexpr uint32_t kSizeofDirent = 24;    // next, ino, namlen u32 @16, type u8 @20
inline constexpr uint32_t kSizeofPrestat = 8;    // tag u8 @0, name_len u32 @4
inline constexpr uint32_t kSizeofSubscription = 48;
inline constexpr uint32_t kSizeofEvent = 32;

}  // namespace sable::wasi
