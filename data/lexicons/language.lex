# The language around the cues: which words negate, intensify or carry no content, how callers
# introduce themselves. English. Format: README.md in this folder.

[negators]
# word | reach: how many following words it covers (default 3). "I'm not angry", "I won't cancel".
# Contractions are already expanded, so "don't", "can't" and "won't" all arrive as "not".
not | 3
never | 3
no | 1            # "no guarantee"; reach 1 so "no, I want to cancel" stays a threat
nothing | 2
nobody | 2
none | 2
neither | 2
nor | 2
without | 2
hardly | 2
barely | 2
nowhere | 2

[intensifiers]
# word | multiplier, applied when it stands right before a phrase ("absolutely furious").
really | 1.15
so | 1.15
very | 1.15
too | 1.1
truly | 1.15
genuinely | 1.15
highly | 1.15
super | 1.15
properly | 1.1
literally | 1.1
seriously | 1.2
deeply | 1.2
hugely | 1.2
terribly | 1.2
awfully | 1.2
freaking | 1.2
damn | 1.2
completely | 1.25
totally | 1.25
entirely | 1.2
massively | 1.25
bloody | 1.25
absolutely | 1.3
extremely | 1.3
utterly | 1.3
incredibly | 1.3
insanely | 1.3
ridiculously | 1.3
beyond | 1.3
fucking | 1.35

[stop_words]
# Ignored when comparing one complaint with another and when judging what an apology names.
a an the this that these those it its
i me my mine myself we us our ours you your yours yourself he him his she her they them their
is am are was were be been being have has had having do does did doing done
will would can could should shall may might must
and or if then than because as of at by for with about to from in on into onto out up down
over under again further once here there when where why how what which who whom whose
all any both each few more most other some such only own same too very just also even
now ever still yet already

get got getting gets let lets make made take took taken give gave go goes went gone going
come came say said says tell told know knew think thought see saw want wanted need needed
please thanks thank okay yes yeah yep no not
one ones something anything everything nothing someone anyone everyone
really actually basically literally like


[vague_words]
# Words that name nothing concrete after an apology: "sorry for any inconvenience" is formulaic,
# "sorry the engineer didn't turn up on Tuesday" names what went wrong.
inconvenience inconveniences trouble troubles issue issues problem problems confusion
frustration frustrations experience situation matter matters difficulty difficulties hassle
wait waiting waited delay delays hold holding time long today caused cause causing
way feel feeling feelings upset stress disappointment annoyance
happened happening sorry apologies apologise apologize apology
thing things stuff everything whatever
news hoping hoped expected wanted

[fillers]
# May come before a phrase marked `start` ("Hi there, this is Dana").
hi hello hey hiya yes yeah yep yup oh um uh er erm ah hmm mm well okay so right good
morning afternoon evening there thanks thank you

[openers]
# May come before a cue phrase marked `start` ("Fine. Then book it for tomorrow"), but not before
# a name introduction: "and it's freezing" gives no name.
then now just and fine look listen

[titles]
mr mrs ms miss mx dr doctor prof professor mister missus

[subjects]
# A phrase that starts with one of these holds its own verb, so its own negation: "I won't
# cancel" does not match "i will cancel", and the "not" in "if it isn't sorted today I'm
# cancelling" belongs to another clause.
i we you he she they

[contrast_words]
# End what an apology names: "I'm sorry, but that's our policy".
but however although though unfortunately except whereas

[numbers]
# <num> matches these and any number in digits.
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty hundred thousand
couple few several dozen umpteen

[ordinals]
# <nth> matches these and 2nd, 3rd, 4th ... in digits. "first" is deliberately absent.
second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth fifteenth
twentieth umpteenth hundredth nth

[not_names]
# Never taken as the caller's name from "this is X" or "X speaking".
about regarding crazy insane madness absurd silly mad wrong true false fine correct incorrect
important serious getting taking costing happening killing driving me him her them
everyone everybody nobody somebody someone anyone anybody
sir madam maam mate love dear darling buddy pal friend
back later tomorrow tonight now soon asap when if
hopeless impossible unbelievable typical classic
calling ringing phoning speaking here

[name_intro]
# How a caller gives their name. `start`: only at the start of a sentence (greetings aside);
# `strict`: the name must not be a word the lexicons know ("this is ridiculous" is no name).
my name is <name>
my first name is <name>
my surname is <name>
my last name is <name>
the name is <name>
name is <name> | start | strict
i am called <name>
you can call me <name>
call me <name> | start | strict
this is <name> speaking
this is <name> calling
this is <name> | start | strict
it is <name> speaking
it is <name> calling
it is <name> here
it is <name> | start | strict
<name> speaking | start | strict
<name> here | start | strict

[connectives]
# A caller's sentence that opens with one of these (within its first three words: "oh, and the
# driver...") and names something amiss adds one more complaint to the pile.
and also plus another

[problem_words]
# Words that name something amiss; with a negator ("never came", "nobody rang") they mark a
# sentence as a complaint.
wrong broken missing late lost damaged faulty dead stuck overcharged twice
rubbish useless terrible awful dreadful disgrace disgraceful mess shambles worse worst problem
problems fault faults failed cancelled ignored rude dirty filthy scratched dented leaking soaked
smashed cracked expired error errors gone melted mouldy joke nightmare
