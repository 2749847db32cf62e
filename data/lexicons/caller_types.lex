# What callers say that shows what kind of caller they are: demanding, indecisive, skeptical,
# aggrieved, misinformed, impatient, complaining, talkative. One section per cue; format:
# README.md here. Weights: 0.9 unmistakable, 0.7 clear, 0.5 likely, 0.3 a hint that needs company.
# Mostly phrases of several words, so an ordinary calm call fires few of them.

[demand]
# Imperatives and demands aimed at the agent.
i demand | 0.9
i insist | 0.85
i am insisting | 0.85
i want this fixed | 0.75
i want it fixed | 0.75
i want this sorted | 0.75
i want it sorted | 0.75
i want this resolved | 0.75
i want it done | 0.7
i want this done | 0.7
i want it stopped | 0.75
i want it back | 0.65
i want my money back | 0.85
give me my money back | 0.85
i want a ... refund | 0.75
i want a ... replacement | 0.7
i want ... compensation | 0.75
i want an answer | 0.7
i want answers | 0.75
i expect you to | 0.8
i expect a ... refund | 0.8
i expect this | 0.6
i expect it to be | 0.65
i need you to | 0.65
i want you to | 0.65
you will refund | 0.8
you will send | 0.7
you will fix | 0.75
you will sort | 0.75
you will pay | 0.75
you need to | 0.55
you have to fix | 0.7
you must | 0.55
just do it | 0.65
do it now | 0.7
do it today | 0.7
do that now | 0.65
start that now | 0.65
just fix it | 0.75
fix it | 0.5 | start
sort it out | 0.5 | start
get it sorted | 0.55
get this sorted | 0.6
put it right | 0.55
refund me | 0.7
send me | 0.4 | start
send someone out | 0.55
take it off my bill | 0.65
take the charge off | 0.65
i will not accept anything less | 0.85
nothing less than | 0.65
make sure | 0.5 | start
write this down | 0.7
write these down | 0.7
look it up | 0.55 | start
tell them to | 0.5 | start
tell your colleague | 0.6
take ... off | 0.5 | start
do it | 0.5 | start | end
i need this escalated | 0.75
i need it working | 0.65
i want to know when | 0.6
i want every | 0.55
i want at least | 0.55
you will put | 0.65
you chase them | 0.6
# Bare imperatives aimed at the agent, at the start of a sentence: telling, not asking.
book it | 0.6 | start
book me | 0.5 | start
book an engineer | 0.6 | start
book someone | 0.6 | start
book the | 0.45 | start
put me through | 0.6 | start
put me on to | 0.55 | start
put a note | 0.55 | start
put that on | 0.5 | start
put it on | 0.45 | start
transfer me | 0.65 | start
give me | 0.45 | start
get me | 0.5 | start
get someone | 0.6 | start
get somebody | 0.6 | start
get an engineer | 0.6 | start
find me | 0.55 | start
check it | 0.45 | start
escalate this | 0.65 | start
escalate it | 0.6 | start
call me back | 0.45 | start
ring me back | 0.45 | start
email it | 0.5 | start
email me | 0.45 | start
text me | 0.4 | start
note it | 0.5 | start
refund it | 0.6 | start
reverse it | 0.55 | start
reverse the charge | 0.6 | start
fix this | 0.5 | start
sort this | 0.5 | start
sort it | 0.45 | start
write that down | 0.7
write it down | 0.65
write it on | 0.6
write down my | 0.6
note that down | 0.6
take this down | 0.7
take that down | 0.65
take a note | 0.55
get it fixed | 0.6
get it done | 0.6
get this fixed | 0.65
get this done | 0.6
i am not asking | 0.85
i am telling you to | 0.8
i expect a call | 0.7
i expect someone | 0.7
i expect somebody | 0.7
i expect an answer | 0.8
i expect it done | 0.8
i expect them to | 0.65
i will expect | 0.6
i want an engineer | 0.65
i want someone | 0.6
i want somebody | 0.6
i want whoever | 0.7
i want a call | 0.6
i want a callback | 0.6
i want them to | 0.6
i want your name | 0.55
i will be wanting | 0.6
give me your name | 0.6
give me their name | 0.6
it gets done | 0.6
make it happen | 0.7
that does not work for me | 0.6
that is not going to work for me | 0.6
i am holding you to that | 0.6
no excuses | 0.6
do something about it | 0.55
do your job | 0.6
! give me a second
! give me a sec
! give me a minute
! give me a moment
! give me one second
! give me one minute
! give me two minutes
! give me a chance
! you must be
! you need to know
! you must have
! do you need to

[hedge]
# Indecision and uncertainty about a choice; not "not sure what you mean" (that is confusion).
i am not sure | 0.45
i am not sure about | 0.5
not sure which | 0.7
not sure whether | 0.6
not sure if i | 0.55
i do not know which | 0.7
i do not know whether | 0.55
i do not know if i should | 0.65
i do not know | 0.3 | end
i can not decide | 0.8
can not make up my mind | 0.8
hard to decide | 0.7
hard to choose | 0.7
difficult to decide | 0.7
i am torn | 0.75
in two minds | 0.8
on the fence | 0.7
undecided | 0.7
unsure | 0.55
go either way | 0.7
either one i suppose | 0.75
either is fine | 0.45
i do not mind which | 0.55
i suppose | 0.35
i guess | 0.3
maybe | 0.3
maybe i should | 0.55
perhaps | 0.3
what would you do | 0.8
what would you recommend | 0.6
what do you think i should | 0.75
what do other people do | 0.7
which one should i | 0.75
which would you | 0.6
which is better | 0.6
which one is better | 0.6
let me think about it | 0.75
let me think | 0.4
i will think about it | 0.7
i need to think about it | 0.75
can i think about it | 0.7
sleep on it | 0.75
talk it over with | 0.6
check with my husband | 0.55
check with my wife | 0.55
check with my partner | 0.55
talk to my husband | 0.5
talk to my wife | 0.5
going round in circles | 0.45
back and forth | 0.7
dithering | 0.8
really do not know | 0.5
or maybe | 0.5
i think maybe | 0.5
which one to | 0.5
what do most people | 0.7
do people usually | 0.6
most people go for | 0.6
help me decide | 0.75
help deciding | 0.65
can i change my mind | 0.55
it depends | 0.4
decisions decisions | 0.8
who knows | 0.35 | end
! i am not sure you understand
! not sure you understand
! not sure you are listening
! not sure what you mean
! not sure what that means
! i am not sure that is right
! i do not know why
! i do not know what you mean

[proof_request]
# Asks for proof, a record or a confirmation of what was agreed.
put ... in writing | 0.9
get ... in writing | 0.9
have ... in writing | 0.85
send me that in writing | 0.9
in writing | 0.65
written confirmation | 0.85
confirm ... in writing | 0.85
confirm ... by email | 0.75
email me ... confirmation | 0.8
send me ... confirmation | 0.8
that in an email | 0.75
it in an email | 0.7
a letter confirming | 0.8
an email confirming | 0.7
send me a copy | 0.65
can i have a copy | 0.65
i want to see it | 0.6
i want to see those | 0.65
i want to see them | 0.6
i would like to see | 0.45
until i have seen | 0.65
put ... in an email | 0.8
put ... in the email | 0.75
emailed to me | 0.7
on paper | 0.6
in black and white | 0.6
how do you know | 0.45
really talking to | 0.65
can i ... reference | 0.75
could i ... reference | 0.75
give me a reference | 0.75
i want a reference | 0.8
a reference number | 0.5
what is the reference | 0.6
can i ... case number | 0.75
can i ... ticket number | 0.75
a confirmation number | 0.55
can i ... confirmation | 0.65
how do i know | 0.55
how do i know you | 0.75
how can i be sure | 0.6
how can i be certain | 0.65
prove it | 0.8
prove that | 0.7
i want proof | 0.8
show me proof | 0.8
give me proof | 0.8
what proof | 0.6
where does it say | 0.65
show me where | 0.7
what evidence | 0.65
on record | 0.6
on the record | 0.65
i want that on record | 0.85
i want that noted | 0.8
note ... on my account | 0.65
put a note on | 0.6
make a note of | 0.55
i am recording this | 0.6
your employee id | 0.8
your employee number | 0.8
your staff number | 0.8
your staff id | 0.8
your operator number | 0.8
your agent id | 0.8
your full name | 0.55
what is your name | 0.5
can i take your name | 0.55
can i get your name | 0.6
can you guarantee | 0.55
are you sure | 0.4
take your word | 0.55
! proof of purchase
! i want to see it fixed
! i want to see it working
! can i give you
! could i give you
! can i just give you
! can i read you
! proof of address
! proof of identity
! i have a reference number
! i have got a reference number
! i already have a reference

[fairness]
# A sense of unfairness, of loyalty unrewarded, of being penalised.
that is not fair | 0.85
it is not fair | 0.85
not fair | 0.7
hardly fair | 0.8
how is that fair | 0.9
how is this fair | 0.9
is that fair | 0.55
unfair | 0.75
unfairly | 0.75
unjust | 0.75
should just be fair | 0.8
after all these years | 0.85
after all this time | 0.55
all these years | 0.6
loyal customer* | 0.85
for being loyal | 0.85
loyalty | 0.55
been with you for | 0.7
been a customer for | 0.7
been a member for | 0.6
with you for ... years | 0.8
customer for ... years | 0.8
banked with you for | 0.7
<num> years i have been with you | 0.85
never missed a payment | 0.75
paid every bill | 0.7
paying every single month | 0.7
i deserve | 0.75
deserve better | 0.8
the least you could do | 0.85
the least you can do | 0.85
new customer* | 0.55
new customers get | 0.85
than a stranger | 0.7
off the street | 0.5
everyone else gets | 0.7
better deal | 0.45
penalis* | 0.75
penaliz* | 0.75
punish* | 0.65
why should i | 0.55
through no fault of my own | 0.8
double standard* | 0.8
one rule for | 0.8
treated like | 0.55
taken for granted | 0.8
advantage of me | 0.75
advantage of your customers | 0.8
advantage of loyal | 0.8
this is the thanks | 0.85
this is how you treat | 0.85
how you treat | 0.7
count for anything | 0.8
count for nothing | 0.8
count for something | 0.8
not my doing | 0.65
way to treat | 0.7
a slap in the face | 0.85
kick in the teeth | 0.85
i am owed | 0.6
it just feels wrong | 0.65
it is not right | 0.5
that is just not right | 0.65
been with you since | 0.7
with you since | 0.55
a customer since | 0.65
a member since | 0.5
i never complained | 0.55
never once complained | 0.65
recommended you | 0.5
new members | 0.5
new subscribers | 0.5
someone who signs up | 0.7
signs up tomorrow | 0.7
i earned | 0.5
stuck with you | 0.65
sticking with you | 0.6
sticking around | 0.5
stayed with you | 0.6
stayed loyal | 0.8
the one time i need | 0.6
the one time we need | 0.6
more than a new | 0.6
more than a brand new | 0.75
! loyalty points
! loyalty card
! new customer number
! i am a new customer
! as a new customer
! it is not right for
! is that fair enough

[was_told]
# Acting on earlier information: what they were told, read or promised.
i was told | 0.8
we were told | 0.8
they told me | 0.7
she told me | 0.55
he told me | 0.55
someone told me | 0.75
somebody told me | 0.75
the last person said | 0.85
the last person told me | 0.85
spoke to said | 0.8
spoke to told me | 0.85
your colleague said | 0.85
your colleague told me | 0.85
the agent said | 0.8
the engineer said | 0.7
the engineer told me | 0.75
the man said | 0.55
the lady said | 0.55
website says | 0.8
website said | 0.8
on your website | 0.6
on the website | 0.45
the app says | 0.65
the app said | 0.65
advert said | 0.85
advert says | 0.85
the ad said | 0.8
advertised | 0.55
the brochure | 0.55
the leaflet | 0.5
the shop said | 0.7
the store said | 0.7
store told me | 0.75
i remember reading | 0.65
wrote it down | 0.55
if i had known | 0.5
letter said | 0.65
letter says | 0.5
email said | 0.75
the page said | 0.8
it says here | 0.55
according to your | 0.75
i was promised | 0.85
we were promised | 0.85
you promised | 0.8
they promised | 0.8
i was assured | 0.85
assured me | 0.8
i was informed | 0.75
i was advised | 0.7
i was quoted | 0.75
i was under the impression | 0.85
led to believe | 0.85
given to understand | 0.85
i thought ... included | 0.8
i thought it would just | 0.7
supposed to be included | 0.8
supposed to be free | 0.8
meant to be included | 0.8
you said it would | 0.8
they said it would | 0.8
you said you would | 0.75
said it would be | 0.6
told me | 0.35
went by what | 0.8
my neighbour told me | 0.75
! i was told off
! i was told to hold

[impatience]
# Hurrying the call along.
how long is this going to take | 0.85
how long will this take | 0.8
how long is this | 0.6
how long will this | 0.65
how much longer | 0.75
is this going to take long | 0.7
will this take long | 0.7
i do not have time | 0.8
i have not got time | 0.8
i have not got all day | 0.9
i do not have all day | 0.9
no time for this | 0.8
i have only got about | 0.6
before i have to leave | 0.6
hurry | 0.55
hurry up | 0.8
hurry it up | 0.85
get a move on | 0.85
chop chop | 0.85
get to the point | 0.85
cut to the chase | 0.85
get on with it | 0.8
just tell me | 0.6
just give me | 0.55
just answer | 0.7
quickly please | 0.7
quickly | 0.35
can you fix it quickly | 0.75
speed this up | 0.85
speed it up | 0.8
speed things up | 0.8
any faster | 0.65
in a rush | 0.7
in a hurry | 0.7
waiting ages | 0.75
waiting for ages | 0.75
waited ages | 0.75
on hold for ages | 0.75
on hold forever | 0.75
taking so long | 0.8
taking forever | 0.8
why is this taking | 0.75
why is it taking | 0.75
any time today | 0.8
can we skip | 0.7
skip the script | 0.8
spare me the | 0.75
go through all this | 0.65
how many more questions | 0.85
every second | 0.55
every minute | 0.5
move this along | 0.8
move things along | 0.8
move it along | 0.75
been standing here | 0.65
been stood here | 0.65
queue behind me | 0.6
quickest way | 0.55
next question | 0.65
i have to go | 0.45 | end
come on | 0.55 | end
oh come on | 0.7
yes yes | 0.5
i know i know | 0.6
tick tock | 0.85
! no need to hurry
! in no hurry
! quickly check
! just quickly
! quickly ask
! just give me a minute
! just give me a second
! just give me a moment
! every second thursday

[another_complaint]
# Adding one more grievance to the pile.
and another thing | 0.9
another thing | 0.6
that is another thing | 0.85
and the other thing | 0.7
the other thing is | 0.7
the other problem | 0.75
another problem | 0.65
another issue | 0.65
another complaint | 0.8
also want to complain | 0.85
on top of that | 0.8
on top of all that | 0.85
on top of everything | 0.8
not to mention | 0.8
not only that | 0.75
while i am at it | 0.8
while i have got you | 0.6
that is not all | 0.8
and that is not all | 0.85
not the only problem | 0.8
not the only issue | 0.8
not the only thing | 0.7
plus the fact | 0.7
as well as that | 0.7
what is more | 0.6
do not get me started | 0.85
to top it all | 0.85
to top it off | 0.85
to make matters worse | 0.85
to add insult to injury | 0.9
as if that ... enough | 0.8
it gets worse | 0.8
and it gets better | 0.55
the worst part | 0.6
not even the worst | 0.85
in the middle of all this | 0.7
and then on top | 0.8
besides that | 0.5
there is something else | 0.55
and something else | 0.55
oh and | 0.35 | start
and meanwhile | 0.55
where do i start | 0.5
where do i begin | 0.55
the list is long | 0.8
more than a few | 0.55
only the start | 0.75
not the end of it | 0.8
while you are there | 0.6
<num> problems | 0.55
<num> issues | 0.55
not even the main | 0.8
and that is before | 0.6
before we even get to | 0.8
not even got to | 0.7
then there is | 0.55 | start
and then there is | 0.7
that is the other thing | 0.8
while i am on | 0.6
while you are on there | 0.6
while we are at it | 0.6
while we are on the subject | 0.75
since we are on the subject | 0.7
problem number <num> | 0.65
the <nth> problem | 0.6
next problem | 0.6
it is not one thing | 0.8
not just one thing | 0.75
one thing after another | 0.8
i have got a list | 0.7
a whole list | 0.65
list as long as | 0.85
long list | 0.55
for a start | 0.5
for starters | 0.55
thirdly | 0.6
never mind the | 0.55
same with the | 0.5
and as for | 0.7
not the half of it | 0.85
does not stop there | 0.75
i could go on | 0.8
the list goes on | 0.85
first off | 0.4 | start
while you are at it | 0.7
where do i even start | 0.6
where do i even begin | 0.6
it was not just | 0.55
always something | 0.65
every time it is something | 0.75
every week it is something | 0.75
something else wrong | 0.7
and the other | 0.4 | start
! while i am on hold
! while i am on the phone
! while i am on the line
! not the only thing i wanted
! another thing i wanted to ask

[aside]
# A story or digression away from the call's business. Words that are on topic in ordinary calls
# (my husband, the engineer, the weather) are left out.
by the way | 0.5 | start
anyway | 0.35 | start
funny story | 0.8
funny thing | 0.65
that reminds me | 0.75
reminds me of | 0.55
anyway where was i | 0.85
where was i | 0.7
what was i saying | 0.8
lost my train of thought | 0.8
train of thought | 0.7
long story short | 0.75
to cut a long story short | 0.8
as i was saying | 0.5
anyway as i was saying | 0.75
anyway back to | 0.7
but anyway | 0.4
did i mention | 0.6
did i tell you | 0.55
i digress | 0.85
off topic | 0.75
off the topic | 0.75
tangent | 0.7
sidetracked | 0.7
side tracked | 0.7
rambling | 0.7
rabbiting on | 0.8
waffling | 0.7
i do go on | 0.8
sorry for the life story | 0.9
life story | 0.6
speaking of which | 0.6
on a different note | 0.7
on another note | 0.6
changing the subject | 0.75
change of subject | 0.75
while i think of it | 0.45
not that it matters | 0.6
beside the point | 0.6
you would not believe | 0.55
believe it or not | 0.45
you will never guess | 0.7
you will laugh | 0.7
funnily enough | 0.65
incidentally | 0.55
back in my day | 0.85
in my day | 0.65
when i was younger | 0.65
at my age | 0.5
my grand* | 0.45
my late wife | 0.55
my late husband | 0.55
do you know it | 0.55
have you been | 0.4 | end
where are you based | 0.65
what is the weather like | 0.7
where does the time go | 0.8
bless him | 0.55
bless her | 0.55
! by the way | end
! anyway | end
! where was i supposed
! where was i meant
