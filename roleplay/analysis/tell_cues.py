"""Telling cues: pitches, claims and lectures, where a clause starts in a voice run-on, and what is
not telling (reflections, hedges, empathy, running the session, introductions).

Everything works on `roleplay.analysis.cues.normalise(text)`.
"""

from __future__ import annotations

import re

from roleplay.analysis.cues import (
    MUST_ADVISE,
    Gated,
    compiled,
    not_in_relative_clause,
    phrases,
    word_list,
)

# "... did you know that?" after a statement asks whether they knew, and tells the fact before it.
KNEW_THAT = compiled(r"\w \w+ (?:\| )?did you know(?: that)? ?(?:[|?]|$)")

_PRODUCT = (
    "product|products|platform|tool|tools|software|solution|solutions|service|services|system|app|"
    "technology|program|programs|offering|team|clients|customers|company|pricing|plan|plans|"
    "approach|organization|charity|network|model|process|feature|features|integration|engine"
)
# "we will stop there", "we will pick this up next time": a plan for the conversation, no pitch.
_CONVERSATION_PLAN = (
    r"(?:(?:just|then|also|have to|need to) )?(?:stop|pause|end|finish|wrap|continue|pick|talk|"
    r"speak|chat|meet|see (?:you|each other|how)|catch up|touch base|follow up|get back|come back|"
    r"go back|go over|leave (?:it|this|that)|be in touch|take a (?:break|minute|moment))\b"
)
TELL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pitch",
        phrases(
            r"we (?:help|helps|provide|offer|have|make|built|build|specialize|deliver|"
            r"give|save|cut|"
            r"reduce|guarantee|integrate|handle|automate|work with|partner|support|sell|focus|"
            r"serve|ensure|track|protect|fund|raise|run|can (?:help|get|save|cut|do|show|have|set)|"
            rf"will(?! {_CONVERSATION_PLAN})|"
            r"are (?:the|a|an|one|known|trusted|rated)|re (?:the|a|an|one|known|trusted)|"
            r"ve (?:helped|worked|built|saved|been|seen|got))",
            rf"our(?: \w+)? (?:{_PRODUCT})",
            r"were (?:the best|the leading|the only|the largest|the fastest|known|trusted|rated)",
            rf"(?:it|this|that|(?:this|the|our) (?:{_PRODUCT})) "
            r"(?:lets|allows|helps|gives|saves|cuts|reduces|integrates|automates|"
            r"pays|plugs|connects|syncs|handles|works with|takes care|comes with|"
            r"includes|means you)",
            r"(?<!\bif )(?<!\bwhether )"  # "ask if you would want to..." is no promise
            r"you(?:ll| will| would|d) (?:save|get|see|cut|be able|love|never|have(?! been)|make|"
            r"gain|want|reduce|free up|double|find)",
            r"you (?:could|might) have (?:saved|avoided|caused|killed|hurt|lost|prevented)",
            r"you can (?:save|get|see|cut|track|choose|sponsor|donate|expect|count on|rely|reverse|"
            r"prevent|avoid|reduce|lower|improve|protect)",
            r"you can (?:also |always |actually |just |even )?(?:find|visit|read|learn|donate|give|"
            r"make|check|go to|look at|sign up|try|start|use|pay|contribute|refer to|opt for|"
            r"pick|do (?:a|an|either|both))",
            r"your \w+ (?:will|would|can|could|goes|go|means|helps|is going to|are going to)",
            r"(?:its|it is|this is) (?:the|a|an) (?:best|leading|only|easiest|fastest|simplest|"
            r"great|top|proven|international|non profit|nonprofit|global|award)",
            r"let me (?:tell|explain|show|walk you) ",
            # an offer on terms: "I'll match their price", "we can waive the fee"
            r"(?:i|we) (?:will|can|could|would) (?:match|beat|waive|throw in)",
            r"(?:ill|id) (?:match|beat|waive|throw in)",
            r"(?:i (?:just )?(?:want|wanted|would like|would love)|id (?:just )?(?:like|love)|"
            r"(?:im|i am|i would be|id be) (?:happy|glad|pleased)) to "
            r"(?:tell|show|share|introduce|explain)",
        ),
    ),
    (
        "claim",
        phrases(
            r"\d+ ?(?:%|percent|x|times|hours|dollars|minutes|days|weeks)",
            r"(?:we|were|our \w+|it|its) (?:is |are |re )?(?:much |a lot |"
            r"way )?(?:cheaper|faster|better|"
            r"easier|simpler|more affordable|more reliable|different)",
            r"(?<=\$)\d+|(?<=\$ )\d+",  # "$39": no word boundary before a "$" after a space
            r"percent",
            r"roi",
            r"return on investment",
            r"guarantee[ds]?",
            r"proven",
            r"industry (?:leading|leader|standard)",
            r"best in class",
            r"number one",
            r"market leader",
            r"award winning",
            r"trusted by",
            # what experience shows: "what we find is that...", "most people find that..."
            r"what (?:we|i) (?:(?:often|usually|also|generally|tend to) )?(?:find|see|know|hear) "
            r"is",
            r"(?:most|many|a lot of) (?:people|patients|clients|customers|folks|owners) "
            r"(?:(?:often|usually|actually|tend to) )?(?:find|notice|say|tell us|report) that",
            r"(?:customers|clients|companies|teams|users) (?:like you|see|love|report|tell us|"
            r"save|get|have seen|typically|usually|who switch)",
            r"fortune 500",
            r"(?:studies|research|evidence|statistics|data) (?:show|shows|suggest|suggests|says)",
            r"(?:the )?(?:studies|research) (?:has|have) shown",
            r"(?:we|i) know that",
            r"(?:can|could|will|may) (?:lead to|cause|result in|increase|raise|damage|harm|reduce|"
            r"lower|improve|make a (?:big |huge )?difference|change|"
            r"(?:really )?have (?:a|an) (?:\w+ )?(?:impact|effect))",
            r"(?:is|are) (?:linked|associated|known|shown|proven) ",
            r"make a (?:big |huge |real )?difference",
            # where the money goes: "every dollar will go directly to", "it goes towards",
            # "most of it went to" (not a person who went somewhere)
            r"(?:goes|(?=went )(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )(?<!\bhe )(?<!\bshe )went|"
            r"(?=(?:will|would|can|could) go)(?<!\bi )(?<!\bwe )(?:will|would|can|could) go|"
            r"(?:donations|funds|proceeds|profits|payments|all) go) "
            r"(?:directly |straight |right )?to(?:wards?)?",
            # how the money or the order is handled: "it will be deducted", "gets shipped",
            # "will come out of your budget"
            r"(?:will|would) come (?:right |directly |straight )?(?:out of|from) "
            r"(?:the|your|our|their|its|my)",
            r"(?:will|would|gets|get|is|are) (?:be )?(?:\w+ly )?(?:deducted|taken (?:out|from)|"
            r"sent|collected|passed on|matched|charged|billed|shipped|delivered|installed|"
            r"put to (?:good |great )?use|"
            r"credited|refunded|waived)",
            r"every (?:dollar|penny|cent|bit)",
            # "any amount helps", "it can be as little as you like": what a small step achieves
            r"(?:(?:any|every) (?:little )?(?:amount|bit|contribution|donation|gift|order)|"
            r"everything|anything) (?:helps|counts|matters|is welcome)",
            r"(?:can|could) be (?:any amount|as (?:much|little) as)",
            r"(?:children|kids|families|people) (?:in need|need|who need)",
        ),
    ),
    (
        "lecture",
        phrases(
            # advice, not an embedded "what you need to do" / "if you have to", a relative
            # clause ("the date you have to be live by") or a guess ("you must get a lot")
            r"(?=you )(?<!\bwhat )(?<!\bif )(?<!\bwhen )(?<!\bwhether )(?<!\bthat )"
            + not_in_relative_clause()
            + r"you (?:really |definitely |absolutely |just )?(?:should|need to|have to|"
            + MUST_ADVISE + r"|ought to|gotta|got to)",
            r"you (?:really )?(?:do not|dont) need (?:to|a|an|any)\b",
            r"the (?:key|trick|secret|truth|fact|problem|thing) (?:is|with)",
            r"its (?:important|essential|crucial|vital|critical|recommended|best) (?:to|that)",
            r"(?:my|the) (?:advice|recommendation|suggestion)",
            # advice in the first person plural; proposing to meet is a next step, not advice
            r"i (?:really |honestly )?(?:think|believe|feel) (?:that )?(?:we|everyone|people) "
            r"(?:really |all )?(?:should|need to|ought to|have to|must)"
            r"(?! (?:set up|schedule|book|meet|talk|chat|catch up|follow up|get together)\b)",
            r"i (?:would |d )?(?:recommend|suggest|advise|encourage|urge)",
            r"it (?:would|might|could) be (?:good|best|helpful|wise|smart|better) (?:if|to|for)",
            r"(?<!\bin )the best (?:thing|way|option|approach)",  # not "in the best way you can"
            r"what you (?:need|want) is",
            r"trust me",
            # "think about..." said to the prospect, not "when you think about" (their thinking)
            r"(?=(?:just )?(?:think|imagine) )(?<!\byou )(?<!\bi )(?<!\bwe )(?<!\bthey )"
            r"(?:just )?(?:think|imagine) (?:about|of) (?:all|how|the|everyone|what|those|a|your)",
            r"you(?:re| are| could be| would be| will be| d be| ll be) (?:helping|saving|"
            r"giving|getting|investing|protecting)",
            r"believe me",
            r"(?:the )?(?:guidelines|recommended|limit) (?:is|are|say)",
            r"from a (?:medical|health|business|financial) (?:perspective|standpoint)",
            # announcing information: "just so you know", "I wanted to let you know that..."
            r"(?:let|make) you (?:know|aware) (?:that|about|of|the|our|we|it|they|there)",
            r"just so (?:you know|youre aware|you are aware)",
            # "the other thing I should mention", "worth pointing out": announcing information
            r"(?:i (?:should|must|have to|want to|wanted to|would like to)|id like to|let me) "
            r"(?:also )?(?:mention|point out|stress)",
            r"(?:its )?worth (?:mentioning|noting|pointing out)",
            r"(?:rest assured|please (?:know|note|keep in mind)|keep in mind that|bear in mind)",
            r"(?:give|get|send) you "
            r"(?:a bit of |a little |some |more |a little bit of |the |that )?"
            r"(?:information|info|background|details|facts)",
        ),
    ),
)
# A statement that claims something: third-person subject, no second person, long enough.
CLAIM_MIN_WORDS = 6
# A claim asserts something: it has a finite verb, not just a phrase ("on a scale of one to ten").
FINITE_VERBS = frozenset(
    word_list(
        "is are was were will would can could has have had does do did its theyre theres thats im "
        "ive weve theyve wont cant isnt arent doesnt dont didnt am may might should must wouldnt "
        "couldnt shouldnt"
    )
)
CLAIM_SUBJECTS = frozenset(word_list("they we i he she it people children kids"))  # + any word
# Otherwise a subject and a verb ending in -s or -ed ("the crew cleans", "costs dropped"); a
# function word ending so is no verb ("comes as a surprise", "this | sometimes").
CLAIM_VERB = compiled(
    r"\b(?:this|that|which|who|\w+s|(?:the|a|an|our|each|every) \w+) "
    r"(?!(?:as|us|yes|this|thus|plus|less|unless|across|always|perhaps|sometimes|his|hers|ours|"
    r"yours|theirs|whereas|besides|towards|afterwards|indeed)\b)\w+(?:s|ed)\b"
)
# Where a new clause starts in a run-on (voice-to-text has no full stops): a subject pronoun or a
# contracted subject, not right after a word that makes it part of the same clause ("they were").
_SUBJECTS = "i|we|they|he|she|im|ive|weve|theyve|theyre|hes|shes|its|theres|thats|id|wed|theyd"
_SAME_CLAUSE = word_list(
    "i we they he she you do did does are were is was know understand realize imagine "
    "what how why where which whether"  # "see what we need": the subject of an embedded clause
)
# "... to the charity you can type any amount", "... to rent you dont have to buy": "you" with a
# modal starts a clause too.
_YOU_START = (
    r"(?:you|youre|youve|youll|youd) (?:just |also |only |still |even |really |actually |"
    r"kind of |sort of |kinda |probably )?"  # "...why it'll work you kind of need to hear this"
    r"(?:can|will|would|could|should|are|have|need|may|might|dont|cant|wont|wouldnt|shouldnt)"
)
# "... a few cents the team will collect it", "... your help there are kids who": a determiner
# and a noun or two, or "there" or "everything", then a finite verb.
_NOUN_START = (
    r"(?:(?:the|this|these|those|our|your|their|every|each|any|many|some) (?:\w+ ){1,2}?|"
    r"(?:there|everything|anything|nothing|something|everyone|everybody|anyone|no one) )"
    r"(?:is|are|was|were|will|would|can|could|has|have|must|should)"
)
# A noun subject starts a clause only after a word that can end one, not after a conjunction,
# a preposition or a verb that takes it ("so you feel that the drinking is...").
# (A pronoun before it is no bar: "that's kind of you | there are kids who...".)
_NOT_BEFORE_NOUN_START = word_list(
    "that what which who how why if when whether because cause as than where while since so "
    "about of to for with in on at from by like and but or do did does is are was were be been "
    "being know think feel felt mean means noticed noticing thinking saying said say says sounds "
    "seems hear heard see saw believe understand realize guess hope bet wish agree sure glad afraid"
)
# "its" after a verb that takes an object or after a preposition is the possessive ("the tool is
# doing its job", "on its own"), not "it's" starting a clause.
_BEFORE_POSSESSIVE_ITS = word_list(
    "doing done has have had having make makes made making lose loses lost losing take takes took "
    "taking play plays played playing run runs ran running serve serves served serving in on of "
    "for with by at from into to about under over through"
)
# The lookahead (a subject follows) comes first: it fails at most spaces, so the long lists of
# words-before are checked only where a clause could start (same match, several times faster).
CLAUSE_START = compiled(
    r" (?:"
    + rf"(?=(?:{_SUBJECTS}) |{_YOU_START}\b)"
    + "".join(rf"(?<!\b{word} )" for word in _SAME_CLAUSE)
    + "".join(rf"(?!(?<=\b{word} )its )" for word in _BEFORE_POSSESSIVE_ITS)
    + "|"
    + rf"(?={_NOUN_START}\b)"
    + "".join(rf"(?<!\b{word} )" for word in _NOT_BEFORE_NOUN_START)
    + ")"
)
# The same inside a question, where a subject after a wh-word or a verb of thinking is embedded
# ("do you know what they charge", "how much do you think we spend").
_EMBEDDING = "what how why who where when which that if whether think know mean guess".split()  # noqa: SIM905
QUESTION_BREAK = compiled(
    CLAUSE_START.pattern + "".join(rf"(?<!\b{word} )" for word in _EMBEDDING)
)
# "hi, this is Sam from Acme", "I'm Jo with Northwind": an introduction, not a claim.
# "My name is Jo", "I'm the account manager for your region": a role, not a claim.
SELF_NAMED = r"(?:this is|its|im|i am|my name is|name is) \w+(?: \w+)? (?:from|with|at|here)"
"""The rep's name and where they call from ("this is sam from acme", "im jo with northwind")."""
INTRODUCTION = compiled(
    r"^(?:(?:hi|hello|hey|good morning|good afternoon|good evening|so|and|um|\w+) )*?"
    rf"(?:{SELF_NAMED}|"
    r"my name is|(?:im|i am) (?:the|one of the|a|an|your) (?:\w+ ){1,3}?"
    r"(?:who|on duty|here|at|with|from|for))\b"
)
# "... and that the weather holds", "me too, and that the trip goes well": a clause joined by "and
# that" with no main clause of its own (a wish or a report run on), not a claim. (After a pause
# alone, "let you know | that the price changes", the main clause before it governs it.)
COMPLEMENT_FRAGMENT = compiled(
    r"^(?:(?:me too|too|also) )*(?:and|or|but|plus)(?: also)? that (?:the|a|an|this|these|those|"
    r"my|your|his|"
    r"her|our|their|its|some|any|every|each|no|i|we|they|he|she|it|you|there|everyone|everybody|"
    r"everything|someone|somebody|nobody|people)\b"
)
# "on a scale of one to ten ...": the set-up of a scaling question, not a claim.
SCALE_QUESTION = compiled(r"\bon a scale (?:of|from)\b")
# A reflection mirrors the prospect back ("so you're feeling...", "sounds like..."): not telling.
REFLECTION = compiled(
    r"^(?:(?:so|and|but|well|okay|ok|yeah|yes|right|mhm|now|it|like|just|really|got it) )*"
    r"(?:you|youre|youve|youd|youll|your|yourself|sounds|it sounds|seems|it seems|feels|it feels|"
    r"kind of|sort of|what i hear|what im hearing|on one hand|on the other hand|part of you|"
    r"i hear|i get the sense|im hearing|i (?:know|understand|realize|can imagine|imagine)|"
    r"i can (?:understand|see|appreciate)|"
    r"if i|let me see if|im not sure|i dont know|i wonder|"
    r"im glad|im sorry|im happy|"
    r"(?:i think )?(?:im|i am|am) (?:getting |so |really |very )?(?:excited|eager|looking forward)|"
    r"(?:thats|those are|these are) (?:(?:a|an|some|really|so|very|such a|pretty|quite) )*"
    r"(?:great|good|wonderful|awesome|okay|fine|fair|understandable|tough|hard)|"
    r"(?:i think )?(?:thats|that is) (?:a |such a )?(?:really |very |so )?"
    r"(?:great|good|excellent|fair|wonderful|smart|nice) (?:idea|point|question|thought)|"
    r"that must|that makes (?:a lot of |a bit of |some )?sense|that sounds)\b"
)
# A turn that opens by mirroring the prospect ("so your team...", "it sounds like..."): what runs
# on from there restates their world, so only an explicit pitch or lecture in it tells.
MIRROR_OPENING = compiled(
    r"^(?:(?:so|and|but|well|okay|ok|yeah|right|now|oh|alright|it|like|just|really|then) )*"
    r"(?:you|youre|youve|youd|youll|your|yourself|(?:it )?(?:sounds|seems|feels) like|"
    r"what i hear|what im hearing|im hearing|on (?:the )?one hand|part of you|for you)\b"
)
# Tentative wording ("maybe", "kind of", "I guess"): a statement that wonders or reflects, not a
# claim made to inform or persuade (an explicit pitch or lecture tells whatever its wording).
HEDGE = Gated(
    "kind sort sorta kinda maybe perhaps guess probably might",
    phrases(
        "kind of", "sort of", "sorta", "kinda", "maybe", "perhaps", "i guess", "probably", "might"
    ),
)
# Empathy with how hard (or how good) something is for the prospect: "it's tough to do that",
# "that's a long time", "that must be frightening". Not a claim about the offer.
EMPATHY = compiled(
    r"^(?:(?:so|and|but|yeah|okay|ok|well|oh|wow|i know|i bet) )*"
    r"(?:its|thats|it is|that is|it was|that was|it can be|that can be|it must be|that must be)"
    r"(?: not)? (?:(?:really|so|very|pretty|quite|a bit|a little|such a|a|an) )*"
    r"(?:hard|tough|tricky|difficult|not easy|scary|frightening|frustrating|overwhelming|"
    r"stressful|exhausting|upsetting|painful|worrying|exciting|a long time|a lot to)\b"
)
# Running the session, not informing: meeting again, coming back to a topic, the time left.
SESSION_TALK = Gated(
    "we well weve lets were",
    phrases(
        r"(?:we|lets|let us|well) (?:(?:can|could|will|should|might|just|also|then|definitely) )*"
        r"(?:meet (?:up|again)|(?:talk|speak|chat) again|stop (?:there|here)|"
        r"leave (?:it|this|that) (?:there|here)|come back to|go back to|get back to|"
        r"pick (?:this|that|it) up|"
        r"check (?:this|that|it) out|go over (?:this|that|it)|wrap (?:up|things up)|"
        r"take a (?:minute|moment|break|step back)|"
        r"put (?:this|that|it) (?:aside|on hold|on the shelf))",
        r"(?:we|well|lets) (?:can |could |will |should )?(?:talk|chat) (?:about (?:this|that|it) )?"
        r"(?:more |again )?(?:later|next time|another time|soon)",
        r"(?:weve|we have|we) (?:run|ran) out of time",
        r"(?:were|we are) (?:(?:pretty much|just about|almost|nearly|all) )?(?:done|finished|"
        r"at the end|out of time)",
        r"(?:we were|weve been|we have been) talking about",
        r"(?:were|we are) here (?:today )?to",
        r"(?:on|at|in|for|before) (?:our|the) next (?:meeting|session|visit|appointment|call)",
    ),
)
# A clause that ends on its preposition modifies a noun ("the schedule | the crew is working
# with now", "the vendor | they buy from"): a reduced relative clause, not a claim of its own.
STRANDED_PREPOSITION = compiled(
    r"\b(?:with|to|for|from|about|of|by)"
    r"(?: (?:now|today|right now|these days|at the moment|anymore))?$"
)
# A reflection frame anywhere in the turn ("... it sounds like you can see the progress"): what the
# rep says about the prospect after it restates their world (a pitch about the offer still tells).
REFLECTION_FRAME = Gated(
    "sounds hear hearing see tell feel feeling saying said mentioned noticed noticing wondering "
    "describing described part one thinking",
    compiled(
        r"\b(?=[iwyspo])(?<!\bthat )(?<!\bthis )(?:(?:it )?sounds like|what (?:i|im) hear(?:ing)?|"
        r"(?:i|im) hearing|i can (?:see|tell|hear) (?:that )?(?:you|youre|youve)|"
        r"(?=you)(?<!\bdo )(?<!\bdid )(?<!\bare )(?<!\bwere )(?<!\bhave )you(?:re|ve)? "
        r"(?:(?:really|kind of|sort of|also|still|just) )?(?:feel like|feeling like|feel that|"
        r"thinking|saying|said|mentioned|noticed|noticing|were saying|wondering|describing|"
        r"described)|part of you|on (?:the )?one (?:hand|side))\b"
    ),
)
SECOND_PERSON = phrases("you", "your", "youre", "youve", "youll", "youd", "yourself", "ya", "yall")
PLEASANTRY = Gated(
    "thank thanks good great nice wonderful problem worries course glad appreciate doing well fine "
    "okay ok alright right",
    phrases(
        r"thank(?:s| you)",
        "have a (?:good|great|nice|wonderful)",
        "nice to",
        "good to (?:hear|talk)",
        "no problem",
        "no worries",
        "of course",
        "sounds good",
        "glad",
        "appreciate",
        # how the rep is ("I'm good", "I'm doing fine"), not what they are good at or with
        r"(?:i am|im) (?:doing )?(?:(?:really|pretty|very|just|so) )?(?:good|well|great|fine|okay|"
        r"ok|alright|all right)(?! (?:at|with|about|enough)\b)",
    ),
)

