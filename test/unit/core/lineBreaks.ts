// Every way a text can break a line, for properties of writers whose output a line-based reader parses: the line
// terminators of Unicode's UAX #14 mandatory breaks (LF, CR, CR LF, VT, FF, NEL, LS, PS) and NUL, which C readers
// (OpenSSH's among them) take as the end of a line.
export const LINE_BREAKS = ["\n", "\r", "\r\n", "\u000B", "\u000C", "\u0085", "\u2028", "\u2029", "\u0000"] as const;
