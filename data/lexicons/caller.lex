# What callers say when a call is turning difficult. One section per cue; format: README.md here.
# Weights: 0.9 unmistakable, 0.7 clear, 0.5 likely, 0.3 a hint that needs company.
# "! phrase" lines are exclusions: a match overlapping one of them does not count.

[anger]
furious | 0.85
livid | 0.9
fuming | 0.85
seething | 0.85
outraged | 0.85
outrageous | 0.75
angry | 0.7
mad at | 0.6
so mad | 0.6
annoyed | 0.5
irritated | 0.5
irritating | 0.5
frustrated | 0.55
frustrating | 0.55
upset | 0.5
fed up | 0.75
sick of | 0.7
sick and tired | 0.85
sick to death | 0.85
had enough | 0.75
i have had it | 0.75
enough is enough | 0.8
last straw | 0.85
unacceptable | 0.75
ridiculous | 0.65
absurd | 0.55
disgraceful | 0.8
a disgrace | 0.8
disgusting | 0.8
disgusted | 0.8
appalling | 0.8
appalled | 0.8
atrocious | 0.8
shocking | 0.6
terrible | 0.6
horrible | 0.6
horrendous | 0.7
awful | 0.6
dreadful | 0.6
diabolical | 0.75
pathetic | 0.7
shambles | 0.75
a joke | 0.6
nightmare | 0.55
worst | 0.6
bad | 0.3
insulting | 0.7
incompetence | 0.75
incompetent | 0.7
hopeless | 0.55
useless | 0.6
rubbish | 0.55
unbelievable | 0.55
can't believe | 0.45
how dare | 0.85
what is wrong with you | 0.8
what is wrong with your company | 0.75
how hard can it be | 0.7
how difficult can it be | 0.7
not happy | 0.5
not good enough | 0.7
not acceptable | 0.75
not okay | 0.5
not impressed | 0.5
never again | 0.6
wits end | 0.75
losing my patience | 0.8
lost my patience | 0.8
running out of patience | 0.8
out of patience | 0.75
my patience | 0.45
disappointed | 0.4
let down | 0.5
hate | 0.6
can't stand | 0.6
at the end of my tether | 0.8
end of my rope | 0.8
beyond a joke | 0.8
taking the piss | 0.8
having a laugh | 0.55
just fix it | 0.55
you have got to be joking | 0.75
you've got to be kidding | 0.75
you must be joking | 0.75
are you joking | 0.65
are you kidding me | 0.75
don't tell me what | 0.7
never ... spoken to like | 0.8
been spoken to like | 0.75
does anybody there actually | 0.7
does anyone there actually | 0.7
! can't believe how quick
! can't believe how fast
! can't believe how easy
! can't believe how helpful
! can't believe how good
! bad line
! bad connection
! bad signal
! my bad
! not bad
! not too bad
! worst case
! hate to bother
! hate to be a pain
! upset stomach
! terrible line
! awful line
! a joke about
! hate to say

[profanity | ignore-negation]
# Swearing counts whatever surrounds it. <masked> is a censored word as typed or transcribed:
# "f***", "sh*t".
fuck* | 0.9
motherfuck* | 0.95
shit | 0.8
shite | 0.8
shitty | 0.8
bullshit | 0.85
horseshit | 0.85
crap | 0.55
crappy | 0.55
damn | 0.4
damned | 0.45
goddamn* | 0.6
bloody | 0.35
bastard* | 0.85
bitch* | 0.85
arse | 0.6
arsehole* | 0.85
ass | 0.55
asshole* | 0.85
piss | 0.6
pissed | 0.6
pissed off | 0.7
prick* | 0.8
twat* | 0.9
wanker* | 0.9
dick | 0.6
dickhead* | 0.85
cock | 0.6
cunt* | 0.95
bollocks | 0.7
bugger | 0.5
sod off | 0.7
what the hell | 0.5
the hell | 0.4
go to hell | 0.8
bloody hell | 0.5
for god's sake | 0.5
for christ's sake | 0.55
jesus christ | 0.5
effing | 0.6
frigging | 0.5
freaking | 0.4
feck* | 0.6
<masked> | 0.7
! hell of a lot

[threat_legal]
lawyer | 0.85
lawyers | 0.85
attorney | 0.85
solicitor | 0.45
my solicitors | 0.85
our solicitors | 0.85
my solicitor will | 0.85
speak to my solicitor | 0.9
speaking to my solicitor | 0.9
spoken to my solicitor | 0.85
spoken to a solicitor | 0.85
spoken with a solicitor | 0.85
contact my solicitor | 0.9
hear from my solicitor | 0.95
solicitor is drafting | 0.85
instruct* a solicitor | 0.85
instruct* my solicitor | 0.85
get a solicitor | 0.85
getting a solicitor | 0.8
solicitor involved | 0.85
solicitor letter | 0.85
barrister | 0.85
legal action | 0.9
legal advice | 0.7
legal team | 0.75
legal route | 0.8
take legal | 0.9
take you to court | 0.95
take this to court | 0.95
see you in court | 0.95
in court | 0.7
to court | 0.75
court action | 0.8
court case | 0.7
small claims | 0.85
sue | 0.9
suing | 0.9
sued | 0.85
lawsuit | 0.9
class action | 0.9
litigation | 0.85
breach of contract | 0.75
letter before action | 0.9
my rights | 0.55
consumer rights | 0.65
i know my rights | 0.7
statutory rights | 0.65
tribunal | 0.6
county court | 0.85
! food court
! tennis court
! basketball court
! court date for my
! name is sue
! this is sue
! it is sue
! wife sue
! sue here
! sue speaking
! lawyer was
! lawyer is on holiday
! power of attorney

[threat_cancel]
cancel | 0.35
cancel* my account | 0.85
cancel* my contract | 0.85
cancel* my subscription | 0.8
cancel* my membership | 0.8
cancel* my service | 0.8
cancel* my policy | 0.75
cancel* my plan | 0.75
cancel* my broadband | 0.8
cancel* my direct debit | 0.7
cancel* the contract | 0.8
cancel* everything | 0.85
cancel* the whole thing | 0.85
will cancel | 0.75
going to cancel | 0.75
i'm cancelling | 0.75
we're cancelling | 0.75
i will be cancelling | 0.75
going elsewhere | 0.75
going with someone else | 0.7
want to cancel | 0.4
close my account | 0.85
closing my account | 0.85
close the account | 0.7
terminate | 0.6
terminate my contract | 0.85
end my contract | 0.8
leave you | 0.7
! leave you to it
! leave you a
! leave you with
! leave you alone
leaving you | 0.75
take my business elsewhere | 0.9
take my business somewhere else | 0.9
take my custom elsewhere | 0.9
go elsewhere | 0.75
go somewhere else | 0.6
switch to another | 0.85
switch provider* | 0.85
switching provider* | 0.85
switch supplier* | 0.85
switch network* | 0.8
switch bank* | 0.8
move to another | 0.8
moving to another | 0.8
another provider | 0.75
another supplier | 0.75
another company | 0.65
another bank | 0.7
another network | 0.7
a competitor | 0.7
your competitor* | 0.75
port my number | 0.8
porting my number | 0.8
pac code | 0.75
cancellation fee | 0.3
cancellation charge | 0.3
how do i cancel | 0.35
done with you | 0.8
done with this company | 0.85
finished with you | 0.8
through with you | 0.8
never use you again | 0.9
never using you again | 0.9
never deal with you again | 0.9
last time i use you | 0.85
find someone else | 0.6
shop around | 0.55
not renewing | 0.75
not be renewing | 0.75
stop my direct debit | 0.7
stop paying | 0.7
unsubscribe | 0.45
! cancel that
! i cancelled
! we cancelled
! i have cancelled
! we have cancelled
! already cancelled
! cancel the appointment
! cancel the callback
! cancel the engineer
! cancellation number
! cancellation reference
! calling to cancel
! ringing to cancel
! phoning to cancel
! called to cancel
! rang to cancel
! free to cancel
! can cancel
! could cancel
! cancel any time
! cancel anytime
! right to cancel

[threat_public]
social media | 0.8
twitter | 0.8
tweet | 0.75
facebook | 0.6
instagram | 0.75
tiktok | 0.75
youtube | 0.7
reddit | 0.7
post about | 0.65
post this | 0.7
posting this | 0.7
put this online | 0.85
put it online | 0.85
go public | 0.85
going public | 0.85
the press | 0.85
the papers | 0.8
newspaper* | 0.8
journalist* | 0.85
the media | 0.8
the news | 0.5
watchdog | 0.75
tell everyone | 0.7
tell all my friends | 0.75
everyone will know | 0.8
go viral | 0.85
name and shame | 0.9
expose you | 0.85
blog about | 0.75
my followers | 0.8
consumer programme | 0.85
consumer show | 0.8
on the radio | 0.6
local paper | 0.8
local news | 0.7
tv station | 0.8
television station | 0.8
news channel | 0.7
! facebook account
! facebook page had
! facebook page said
! facebook page says
! saw it on facebook
! saw on facebook
! read it on facebook
! read on facebook
! facebook marketplace
! facebook login
! twitter password

[threat_review]
reviews | 0.45
review about you | 0.8
review of you | 0.8
in my review | 0.8
bad review | 0.9
terrible review | 0.9
scathing | 0.85
write a review | 0.85
leave a review | 0.85
leaving a review | 0.8
one star | 0.85
1 star | 0.85
zero stars | 0.85
no stars | 0.8
trustpilot | 0.9
google review* | 0.85
yelp | 0.85
tripadvisor | 0.85
review site* | 0.85
rate you | 0.65
rating | 0.45
leave feedback | 0.6
the survey | 0.55
zero out of ten | 0.85
warn others | 0.8
warn people | 0.8
warn everyone | 0.8
not be recommending | 0.7
won't recommend | 0.7
never recommend | 0.7
tell people | 0.55
! under review
! review my
! review the
! review your
! review it
! account review
! price review
! annual review
! review of my account
! credit rating
! energy rating

[threat_regulator]
ombudsman | 0.9
regulator | 0.85
ofcom | 0.9
ofgem | 0.9
ofwat | 0.9
fca | 0.85
financial conduct authority | 0.9
financial ombudsman | 0.95
energy ombudsman | 0.95
trading standards | 0.9
citizens advice | 0.7
consumer authority | 0.85
consumer protection | 0.8
better business bureau | 0.9
bbb | 0.85
fcc | 0.85
ftc | 0.85
cfpb | 0.9
attorney general | 0.85
public utility commission | 0.9
information commissioner | 0.9
complaints commissioner | 0.9
commission for complaints | 0.9
ccts | 0.85
crtc | 0.85
ico | 0.7
data protection | 0.55
gdpr | 0.55
report you | 0.8
report this | 0.7
report your company | 0.85
formal complaint | 0.75
official complaint | 0.75
file a complaint | 0.7
lodge a complaint | 0.75
make a complaint | 0.6
raise a complaint | 0.6
complaints procedure | 0.65
deadlock letter | 0.9
final response | 0.7
eight weeks | 0.5
arbitration | 0.7
chargeback | 0.6
dispute the charge | 0.65
disputing the charge | 0.65
my mp | 0.75
my congressman | 0.75
! report this fault
! report this problem
! report this issue
! report a fault

[urgency]
right now | 0.6
now please | 0.55
do it now | 0.6
sort it now | 0.65
fix it now | 0.65
and i mean now | 0.85
now not tomorrow | 0.8
has to be today | 0.75
not sorted today | 0.7
not fixed today | 0.7
not sorted by | 0.6
not fixed by | 0.6
need it by | 0.55
need this by | 0.55
need them by | 0.55
a refund now | 0.6
want it now | 0.6
today please | 0.55
sorted today | 0.65
fixed today | 0.65
flight tomorrow | 0.5
leaving tomorrow | 0.45
for days | 0.5
for weeks | 0.55
days now | 0.55
weeks now | 0.6
been days | 0.55
been weeks | 0.6
<num> working days | 0.5
work from home | 0.4
working from home | 0.4
immediately | 0.65
today | 0.3
tonight | 0.45
by tomorrow | 0.55
urgent | 0.75
urgently | 0.75
emergency | 0.8
as soon as possible | 0.6
asap | 0.65
straight away | 0.55
right away | 0.55
at once | 0.55
can't wait | 0.6
! can't wait to
can't wait any longer | 0.8
no time | 0.6
running out of time | 0.75
deadline | 0.6
time sensitive | 0.7
<num> days | 0.55
<num> weeks | 0.6
<num> hours | 0.5
<num> months | 0.6
all day | 0.5
all week | 0.5
been waiting | 0.55
still waiting | 0.6
how long | 0.45
how much longer | 0.65
hurry up | 0.65
need it today | 0.75
need this today | 0.75
need it now | 0.75
need this now | 0.75
need this sorted | 0.6
need this fixed | 0.6
by the end of the day | 0.6
end of today | 0.6
first thing tomorrow | 0.5
before the weekend | 0.5
no internet | 0.55
without internet | 0.55
no power | 0.65
without power | 0.65
no heating | 0.7
no hot water | 0.7
no water | 0.7
vulnerable | 0.6
medical | 0.55
oxygen | 0.7
hospital | 0.55
elderly | 0.45
newborn | 0.55
lose my job | 0.75
losing money | 0.7
costing me money | 0.7
losing business | 0.7
every minute | 0.55
any longer | 0.55

[repeat_contact]
again | 0.3
still | 0.3
<nth> time | 0.8
every time | 0.55
every single time | 0.7
yet again | 0.75
once again | 0.5
over and over | 0.7
called last week | 0.75
called yesterday | 0.7
called before | 0.7
called already | 0.7
already called | 0.7
already rang | 0.7
already phoned | 0.7
rang before | 0.7
phoned before | 0.7
rang last week | 0.75
rang yesterday | 0.7
called <num> times | 0.85
rang <num> times | 0.85
phoned <num> times | 0.85
told you <num> times | 0.8
explained <num> times | 0.8
<num> times now | 0.6
<num> times already | 0.65
keep calling | 0.75
keep ringing | 0.75
keep phoning | 0.75
keep having to | 0.75
spoke to someone | 0.55
spoke to somebody | 0.55
spoken to someone | 0.55
spoke to your colleague | 0.65
last time i called | 0.7
last time i rang | 0.7
last time i spoke | 0.6
the last person | 0.6
your colleague | 0.45
someone told me | 0.55
i was told | 0.5
they told me | 0.5
i was promised | 0.7
been promised | 0.7
same problem | 0.6
same issue | 0.6
same thing | 0.4
not the first time | 0.75
back again | 0.4
calling back | 0.45
chasing | 0.55
chased | 0.55
following up | 0.5
reference number | 0.4
case number | 0.45
ticket number | 0.45
complaint number | 0.6
already explained | 0.7
explained this | 0.6
told you already | 0.7
already told | 0.65
how many times | 0.75
for weeks | 0.6
for months | 0.65
since last | 0.45
! say that again
! say again
! repeat that again
! spell that again
! read that again
! thanks again
! thank you again
! again please
! send it again
! send that again
! do that again
! check again
! log in again
! again later
! try again later
! are you still
! still there
! still with me
! still on the line
! still here
! still hear
! still got my
! still have my
! still under warranty
! still under guarantee
! still in warranty
! still covered
! still valid
! still active

[distrust]
don't believe you | 0.85
do not believe that | 0.7
you people always say that | 0.9
you always say that | 0.85
you always say | 0.55
heard that before | 0.8
heard it all before | 0.85
what they said last time | 0.8
what the last person said | 0.8
you said that last time | 0.85
you're lying | 0.9
lies | 0.6
! lies in
! lies with
lying to me | 0.9
don't trust | 0.8
can't trust | 0.8
never trust | 0.75
i'll believe it when i see it | 0.9
prove it | 0.7
in writing | 0.6
how do i know | 0.6
how can i be sure | 0.6
scam | 0.5
this is a scam | 0.85
! scam call
! scam text
! scam email
! scam message
! been scammed
scammers | 0.5
you are scammers | 0.9
this is fraud | 0.6
frauds | 0.8
bunch of crooks | 0.85
crooks | 0.7
rip off | 0.8
ripping me off | 0.85
ripped off | 0.8
daylight robbery | 0.85
robbery | 0.6
excuses | 0.6
another excuse | 0.8
fob me off | 0.85
fobbing me off | 0.85
fobbed off | 0.8
brush me off | 0.8
fobbing off | 0.75
runaround | 0.8
run around | 0.65
lip service | 0.8
empty promises | 0.85
broken promises | 0.85
same old story | 0.8
broken record | 0.75
you just want my money | 0.85
all you care about is | 0.75
you don't care | 0.8
nobody cares | 0.75
no one cares | 0.75
doesn't care | 0.6
couldn't care less | 0.8
i'm recording this call | 0.8
recording this | 0.6
your full name | 0.5
your employee number | 0.7
your staff id | 0.7
yeah right | 0.6
you people | 0.45
you lot | 0.45
always someone else | 0.7
what is your name | 0.45
can i have your name | 0.5

[sarcasm]
oh great | 0.6
oh wonderful | 0.65
oh brilliant | 0.6
oh perfect | 0.6
oh fantastic | 0.65
oh lovely | 0.55
oh marvellous | 0.8
oh fabulous | 0.8
just great | 0.7
just perfect | 0.65
just brilliant | 0.7
just what i needed | 0.75
great service | 0.35
brilliant service | 0.4
fantastic service | 0.4
wonderful service | 0.45
thanks for nothing | 0.9
thanks a lot | 0.4
thanks a bunch | 0.55
well done | 0.35
what a surprise | 0.75
big surprise | 0.75
surprise surprise | 0.85
of course it is | 0.55 | end
of course it isn't | 0.55 | end
of course you can't | 0.65
sure you will | 0.7
sure it will | 0.6
like that's going to happen | 0.9
how convenient | 0.75
silly me | 0.65
my mistake for trusting | 0.9
what a shock | 0.75
shocker | 0.7
colour me surprised | 0.9
who would have thought | 0.6
i'm thrilled | 0.45
i'm so glad i waited | 0.8
love that for me | 0.7
nice one | 0.35
cheers for that | 0.35
! thanks a lot for your help
! thanks a lot for sorting
! great service as always
! well done for

[confusion]
don't understand | 0.75
do not get it | 0.65
what do you mean | 0.65
what does that mean | 0.7
i'm confused | 0.8
confused | 0.65
confusing | 0.65
makes no sense | 0.75
doesn't make sense | 0.75
does not make any sense | 0.75
not sure | 0.45
not sure what | 0.6
i'm lost | 0.7
you've lost me | 0.8
lost me | 0.65
can you explain | 0.6
explain that again | 0.7
explain again | 0.65
how does that work | 0.6
how does it work | 0.55
i'm not following | 0.75
not following | 0.65
pardon | 0.35
come again | 0.45
no idea | 0.55
i have no idea | 0.6
what am i supposed to do | 0.75
what should i do | 0.55
what do i do | 0.55
where do i find | 0.5
how do i | 0.4
i don't know what | 0.55
i don't know how | 0.55
i don't know why | 0.5
mixed up | 0.5
unclear | 0.55
can you clarify | 0.6
clarify | 0.45
do you mean | 0.5
so you're saying | 0.45
i thought | 0.35
different answer | 0.7
told something different | 0.75
contradict* | 0.65
which one | 0.3
huh | 0.35
! no idea you could

[supervisor_request]
manager | 0.6
your manager | 0.85
a manager | 0.8
the manager | 0.75
supervisor | 0.75
your supervisor | 0.9
a supervisor | 0.85
team leader | 0.8
your boss | 0.85
someone senior | 0.85
someone more senior | 0.9
somebody senior | 0.85
someone in charge | 0.85
someone ... authority | 0.85
somebody ... authority | 0.85
put me through to someone | 0.6
put me through to somebody | 0.6
the person in charge | 0.85
who is in charge | 0.8
someone higher up | 0.85
higher up | 0.6
escalate | 0.6
escalate this | 0.75
escalated | 0.55
complaints department | 0.75
complaints team | 0.7
customer relations | 0.6
head office | 0.6
speak to someone else | 0.75
talk to someone else | 0.75
someone else | 0.4
someone who knows what they're doing | 0.9
someone who can actually help | 0.9
someone who can help | 0.6
to a real person | 0.75
to a human | 0.7
! a human error
! a human being
transfer me | 0.4
your ceo | 0.8
the ceo | 0.75
chief executive | 0.8
! manager said
! my manager
! account manager
! password manager
! manager at work
! escalate to the engineer
! someone else in the house
! someone else's

[personal_attack]
idiot | 0.85
idiots | 0.85
! feel like an idiot
! felt like an idiot
! look like an idiot
! looked like an idiot
! i'm ... there ... like an idiot
! i was ... there ... like an idiot
! i'm an idiot
! such an idiot
! idiot proof
you stupid | 0.9
you're stupid | 0.9
stupid woman | 0.9
stupid man | 0.9
stupid girl | 0.9
stupid boy | 0.9
are you stupid | 0.9
moron | 0.9
morons | 0.9
imbecile | 0.9
cretin | 0.9
clueless | 0.75
brain dead | 0.9
you dumb | 0.85
are you dumb | 0.9
retard* | 0.9
incompetent | 0.75
you're useless | 0.9
you people are useless | 0.9
useless person | 0.85
you're pathetic | 0.9
you're a joke | 0.85
you're an idiot | 0.95
are you deaf | 0.85
are you even listening | 0.45
are you thick | 0.9
do your job | 0.8
! do your job for you
do your bloody job | 0.9
you don't know what you're doing | 0.85
you have no idea what you're doing | 0.9
who trained you | 0.8
you should be fired | 0.9
get you fired | 0.9
have you fired | 0.9
get you sacked | 0.9
have you sacked | 0.9
shut up | 0.85
screw you | 0.9
waste of space | 0.9
you lazy | 0.85
are lazy | 0.75
are so lazy | 0.8
are just lazy | 0.8
lazy lot | 0.75
bone idle | 0.75
liar | 0.85
! like a liar
! call me a liar
! calling me a liar
! called me a liar
! out to be a liar
you're lying to me | 0.85
you're rude | 0.75
you're being rude | 0.8
you're so rude | 0.85
how rude | 0.55
muppet | 0.8
clown | 0.75
clowns | 0.75
amateur* | 0.6
reading from a script | 0.65
reading off a script | 0.65
talking to a robot | 0.55
can't you understand | 0.7
can you not understand | 0.7
learn to speak english | 0.9
get a proper job | 0.85
get a real job | 0.85
! not being rude
! don't mean to be rude

[distress]
# Sorrow, worry and exhaustion: the caller is struggling rather than angry. Venters often say how
# much it has cost them, and then apologise for pouring it out; both count here.
at the end of my tether | 0.9
end of my rope | 0.85
at my wits end | 0.9
wits end | 0.8
beside myself | 0.85
i cannot cope | 0.85
cannot cope with | 0.8
not coping | 0.75
i am struggling | 0.6
struggling to cope | 0.85
i am in tears | 0.9
in floods of tears | 0.9
i have been crying | 0.9
crying down the phone | 0.9
close to tears | 0.85
i was in tears | 0.85
cried | 0.6
crying | 0.5
i have not slept | 0.8
have not slept | 0.75
did not sleep | 0.65
not sleeping | 0.6
sick with worry | 0.9
worried sick | 0.9
sick to my stomach | 0.85
worried to death | 0.85
out of my mind with worry | 0.9
so worried | 0.6
terrified | 0.7
scared | 0.5
frightened | 0.55
panicking | 0.7
in a panic | 0.7
heartbroken | 0.85
devastated | 0.85
distraught | 0.9
in pieces | 0.7
falling apart | 0.7
at breaking point | 0.85
i am exhausted | 0.7
exhausted | 0.5
worn out | 0.55
drained | 0.5
i feel like i am begging | 0.85
feel like i am begging | 0.8
i do not know what else to do | 0.85
i do not know what to do | 0.7
i do not know where to turn | 0.85
no one to turn to | 0.8
nobody to turn to | 0.8
i am at a loss | 0.6
it has been a nightmare | 0.8
an absolute nightmare | 0.8
a living nightmare | 0.9
the worst week | 0.7
the worst year | 0.7
on top of everything else | 0.55
the stress of it | 0.75
so stressful | 0.7
stressed out | 0.65
really stressed | 0.65
it is too much | 0.65
all too much | 0.75
i cannot take any more | 0.85
i cannot take much more | 0.85
i just needed someone to listen | 0.9
needed somebody to hear | 0.85
needed someone to hear | 0.85
someone to actually listen | 0.8
sorry for going on | 0.75
sorry to go on | 0.75
sorry for ranting | 0.85
sorry to rant | 0.85
sorry i unloaded | 0.85
sorry for unloading | 0.85
sorry to unload | 0.85
unloaded on you | 0.8
sorry for shouting | 0.8
sorry i am shouting | 0.8
i am not shouting at you | 0.8
i know it is not your fault | 0.7
i know it is not you | 0.7
it is not you personally | 0.75
not you personally | 0.7
! not that scared
! scared me half
