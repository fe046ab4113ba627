# Writes pelab.1 and pelab.1.gz from the built program's own --help texts, so the manual never drifts from
# the binary. Run as: cmake -DPELAB=<pelab> -DOUT=<pelab.1> -DVERSION=<x.y.z> -P ManPage.cmake
foreach(var PELAB OUT VERSION)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "ManPage.cmake: -D${var}=... is required")
    endif()
endforeach()

function(help_of out)
    execute_process(COMMAND ${PELAB} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE text
                    ERROR_VARIABLE err)
    if(NOT code EQUAL 0)
        message(FATAL_ERROR "ManPage.cmake: ${PELAB} ${ARGN} failed (${code}): ${err}")
    endif()
    # roff: a backslash is \e; a line starting with . or ' would be a request.
    string(REPLACE "\\" "\\e" text "${text}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(main --help)
help_of(train train --help)
help_of(lesson lesson --help)

string(TIMESTAMP today "%Y-%m-%d" UTC)
file(WRITE ${OUT}.tmp ".TH PELAB 1 \"${today}\" \"PE Lab ${VERSION}\" \"User Commands\"
.SH NAME
pelab \\- watch positional encodings learn while a sequence model trains
.SH SYNOPSIS
.B pelab
[\\fIwindow options\\fR]
.br
.B pelab train
[\\fIoptions\\fR]
.br
.B pelab lesson
\\fINAME\\fR|\\fINUMBER\\fR|\\fIFILE\\fR [\\fIoptions\\fR]
.SH DESCRIPTION
PE Lab trains a model of a small family of sequence models (the seed notebook's width-1
learnable encoding, and self-attention stacks with learned, sinusoidal, RoPE, ALiBi or no
positional encoding) bit for bit as PyTorch does. Without a command it opens the window,
where the loss, the encoding and the attention are shown live while the model trains.
.B pelab train
trains without a window and prints the notebook's epoch lines;
.B pelab lesson
runs a guided lesson's runs and says which of its effects appeared.
.PP
The sections below are the program's own help texts.
.SH WINDOW
.nf
${main}.fi
.SH TRAINING WITHOUT A WINDOW
.nf
${train}.fi
.SH LESSONS
.nf
${lesson}.fi
.SH FILES
.TP
.I ~/.config/PE Lab/pelab.conf
The window's layout and last settings.
.TP
.I ~/.local/share/PE Lab/pelab/
The autosaved session the window offers back after an unclean exit.
.SH SEE ALSO
.BR python3 (1)
")
file(RENAME ${OUT}.tmp ${OUT})
# Debian installs man pages compressed (gzip -n: no name or time stamp, reproducible).
execute_process(COMMAND gzip -9nkf ${OUT} RESULT_VARIABLE code)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "ManPage.cmake: gzip ${OUT} failed")
endif()
